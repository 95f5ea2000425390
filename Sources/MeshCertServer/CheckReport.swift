import Foundation
import MeshCertCore

/// `meshcert-exporter check`: one row per certificate, as a table or as JSON lines, and an exit code
/// a cron job or CI step can act on.
public enum CheckReport {
    public enum Format: String, Sendable, CaseIterable {
        case table
        case json
    }

    /// 0 all ok, 1 any warning, 2 any critical or expired, 3 a place could not be read (and nothing is critical).
    public static func exitCode(_ snapshot: CollectionSnapshot) -> Int32 {
        let worst = snapshot.certificates.map(\.state).max() ?? .ok
        if worst >= .critical { return 2 }
        if snapshot.sources.contains(where: { $0.locations.contains { !$0.isUp } }) { return 3 }
        return worst == .warning ? 1 : 0
    }

    public static func render(_ snapshot: CollectionSnapshot, format: Format) -> String {
        let rows = snapshot.certificates.sorted { lhs, rhs in
            (lhs.identity.source, lhs.identity.location, lhs.identity.chainIndex)
                < (rhs.identity.source, rhs.identity.location, rhs.identity.chainIndex)
        }
        switch format {
        case .table: return table(rows, snapshot: snapshot)
        case .json: return rows.map { json($0) }.joined()
        }
    }

    private static func table(_ rows: [JudgedCertificate], snapshot: CollectionSnapshot) -> String {
        let header = ["LOCATION", "#", "LAYER", "SUBJECT CN", "NOT AFTER", "TIME LEFT", "STATE"]
        let cells = rows.map { certificate in
            [
                certificate.identity.location,
                String(certificate.identity.chainIndex),
                certificate.layer.rawValue,
                certificate.summary.subjectCN.isEmpty ? certificate.summary.spiffeID : certificate.summary.subjectCN,
                timestamp(certificate.summary.notAfter),
                DurationText.format(certificate.expiresIn),
                certificate.state.name + (certificate.summary.parseWarnings.isEmpty ? "" : " (\(certificate.summary.parseWarnings.joined(separator: ",")))"),
            ]
        }
        var widths = header.map(\.count)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ row: [String]) -> String {
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ") + "\n"
        }
        var out = line(header)
        for row in cells { out += line(row) }
        var counts: [ExpiryState: Int] = [:]
        for certificate in rows { counts[certificate.state, default: 0] += 1 }
        let failed = snapshot.sources.reduce(0) { $0 + $1.locations.filter { !$0.isUp }.count }
        out += "\n\(rows.count) certificates: "
        out += ExpiryState.allCases.map { "\(counts[$0] ?? 0) \($0.name)" }.joined(separator: ", ")
        out += failed > 0 ? "; \(failed) location(s) could not be read (see the log above)\n" : "\n"
        return out
    }

    private static func json(_ certificate: JudgedCertificate) -> String {
        let summary = certificate.summary
        var writer = JSONLineWriter()
        writer.field("source", certificate.identity.source)
        writer.field("source_kind", certificate.identity.sourceKind.rawValue)
        writer.field("location", certificate.identity.location)
        writer.field("chain_index", certificate.identity.chainIndex)
        writer.field("layer", certificate.layer.rawValue)
        writer.field("subject_cn", summary.subjectCN)
        writer.field("issuer_cn", summary.issuerCN)
        writer.field("subject", summary.subject)
        writer.field("issuer", summary.issuer)
        writer.field("serial", summary.serialHex)
        writer.field("not_before", timestamp(summary.notBefore))
        writer.field("not_after", timestamp(summary.notAfter))
        writer.field("expires_in_seconds", Int(certificate.expiresIn.rounded()))
        writer.field("state", certificate.state.name)
        writer.field("spiffe_id", summary.spiffeID)
        writer.field("dns_names", summary.dnsNames)
        writer.field("fingerprint_sha256", summary.fingerprintSHA256)
        writer.field("parse_warnings", summary.parseWarnings)
        return writer.finish()
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// One JSON object per line, keys in the order written, strings escaped per RFC 8259.
struct JSONLineWriter {
    private var text = "{"

    mutating func field(_ key: String, _ value: String) {
        open(key)
        append(value)
    }

    mutating func field(_ key: String, _ value: Int) {
        open(key)
        text += String(value)
    }

    mutating func field(_ key: String, _ values: [String]) {
        open(key)
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            append(value)
        }
        text += "]"
    }

    mutating func finish() -> String {
        text + "}\n"
    }

    private mutating func open(_ key: String) {
        if text.count > 1 { text += "," }
        append(key)
        text += ":"
    }

    private mutating func append(_ value: String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20: text += String(format: "\\u%04x", scalar.value)
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
