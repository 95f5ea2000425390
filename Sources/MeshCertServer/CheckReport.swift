import Foundation
import Logging
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
        String(decoding: renderBytes(snapshot, format: format), as: UTF8.self)
    }

    public static func renderBytes(_ snapshot: CollectionSnapshot, format: Format) -> [UInt8] {
        func precedes(_ lhs: CertificateIdentity, _ rhs: CertificateIdentity) -> Bool {
            (lhs.source, lhs.location, lhs.chainIndex) < (rhs.source, rhs.location, rhs.chainIndex)
        }
        // Sources mostly hand certificates over in this order already: check in one pass before sorting.
        let certificates = snapshot.certificates
        let inOrder = certificates.indices.dropFirst().allSatisfy { !precedes(certificates[$0].identity, certificates[$0 - 1].identity) }
        let rows = inOrder ? certificates : certificates.sorted { precedes($0.identity, $1.identity) }
        switch format {
        case .table: return Array(table(rows, snapshot: snapshot).utf8)
        case .json:
            var writer = JSONLineWriter()
            for row in rows { json(row, into: &writer) }
            return writer.bytes
        }
    }

    private static func table(_ rows: [JudgedCertificate], snapshot: CollectionSnapshot) -> String {
        let header = ["LOCATION", "#", "LAYER", "SUBJECT CN", "NOT AFTER", "TIME LEFT", "STATE"]
        let cells = rows.map { certificate in
            [
                certificate.identity.location,
                String(certificate.identity.chainIndex),
                certificate.layer.rawValue,
                displayName(certificate.summary),
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
        if let traffic = snapshot.traffic { out += trafficSummary(traffic) }
        return out
    }

    /// `mTLS share of requests: 98.2% mesh-wide; legacy 50.0% (120 of 240), shop 100.0% (900 of 900)`.
    static func trafficSummary(_ traffic: TrafficFigures) -> String {
        var out = ""
        for kind in TrafficSample.Kind.allCases {
            let namespaces = traffic.window.filter { $0.key.kind == kind }.sorted { $0.key.destinationNamespace < $1.key.destinationNamespace }
            guard !namespaces.isEmpty else { continue }
            func share(_ counts: TrafficCounts) -> String {
                guard let ratio = counts.mTLSRatio(minimumEvents: traffic.minimumEvents) else { return "too little traffic (\(Int(counts.total)) events)" }
                return String(format: "%.1f%% (%d of %d)", ratio * 100, Int(counts.mutualTLS), Int(counts.total))
            }
            let mesh = traffic.meshWide()[kind].map(share) ?? "no traffic"
            out += "mTLS share of \(kind.rawValue): \(mesh) mesh-wide; "
            out += namespaces.map { "\($0.key.destinationNamespace) \(share($0.value))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// The CN, else the SPIFFE ID (workload certificates often have no CN), else the whole subject.
    static func displayName(_ summary: CertificateSummary) -> String {
        if !summary.subjectCN.isEmpty { return summary.subjectCN }
        if !summary.spiffeID.isEmpty { return summary.spiffeID }
        return summary.subject
    }

    private static func json(_ certificate: JudgedCertificate, into writer: inout JSONLineWriter) {
        let summary = certificate.summary
        writer.begin()
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
        writer.field("not_before", timestamp: summary.notBefore)
        writer.field("not_after", timestamp: summary.notAfter)
        writer.field("expires_in_seconds", Int(certificate.expiresIn.rounded()))
        writer.field("state", certificate.state.name)
        writer.field("spiffe_id", summary.spiffeID)
        writer.field("dns_names", summary.dnsNames)
        writer.field("fingerprint_sha256", summary.fingerprintSHA256)
        writer.field("parse_warnings", summary.parseWarnings)
        writer.end()
    }

    /// RFC 3339 in UTC, e.g. `2030-01-02T00:00:00Z`.
    static func timestamp(_ date: Date) -> String {
        let (year, month, day, hour, minute, second) = timestampFields(date)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))Z"
    }

    static func timestampFields(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let (year, month, day) = CivilDate.from(daysSince1970: days)
        return (year, month, day, rest / 3600, rest % 3600 / 60, rest % 60)
    }
}

/// One JSON object per line, keys in the order written, strings escaped per RFC 8259; bytes, not
/// Characters, because `check --output json` over 20,000 certificates is mostly this.
struct JSONLineWriter {
    private(set) var bytes: [UInt8] = []
    private var first = true

    mutating func begin() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    mutating func end() {
        bytes.append(contentsOf: [UInt8(ascii: "}"), 0x0a])
    }

    mutating func field(_ key: StaticString, _ value: String) {
        open(key)
        append(value)
    }

    mutating func field(_ key: StaticString, _ value: Int) {
        open(key)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// The same text as `CheckReport.timestamp`, written as bytes: two of these on every row.
    mutating func field(_ key: StaticString, timestamp date: Date) {
        let (year, month, day, hour, minute, second) = CheckReport.timestampFields(date)
        open(key)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: String(year).utf8)
        for (separator, value) in [("-", month), ("-", day), ("T", hour), (":", minute), (":", second)] as [(Unicode.Scalar, Int)] {
            bytes.append(UInt8(ascii: separator))
            bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
            bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        }
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    mutating func field(_ key: StaticString, _ values: [String]) {
        open(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            append(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Keys are our own ASCII names: written as they are.
    private mutating func open(_ key: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func append(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        // Most values need no escape: those are copied whole.
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) {
            bytes.append(contentsOf: value.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0a: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0d: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0f)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension CheckReport {
    /// `meshcert-exporter check`: reads every source once, prints the report, returns the exit status.
    public static func run(configuration: ExporterConfiguration, format: Format, logger: Logger) async -> Int32 {
        let coordinator = ScrapeCoordinator(configuration: configuration, logger: logger)
        let snapshot = await coordinator.collect(timeout: ScrapeTimeout.maximum)
        FileHandle.standardOutput.write(Data(renderBytes(snapshot, format: format)))
        return exitCode(snapshot)
    }
}
