/// How the enforcement probes read what a server answered: pure functions of the bytes received and
/// whether the stream ended (closed, reset, alerted, or the wait ran out), so they are tested without peers.
/// Each returns nil while more bytes could change the verdict.
public enum EnforcementAnswer {
    /// Bytes kept of an answer: enough for a status line and a short error page.
    public static let limit = 4096

    /// The request both probes send: any HTTP server answers it, and it asks the server to close after.
    public static func request(host: String) -> [UInt8] {
        Array("GET / HTTP/1.1\r\nHost: \(host)\r\nUser-Agent: meshcert-exporter\r\nConnection: close\r\n\r\n".utf8)
    }

    /// The plaintext request to a port: accepted when an HTTP answer or any bytes that are not a TLS record
    /// came back. A TLS record (0x15 alert or 0x16 handshake, version 0x03) is a TLS server refusing;
    /// so is nginx's and Go's `400` about an HTTP request sent to an HTTPS port. Nothing before the end: refused.
    public static func plaintextAccepted(_ bytes: [UInt8], ended: Bool) -> Bool? {
        guard let first = bytes.first else { return ended ? false : nil }
        if first == 0x15 || first == 0x16 {
            guard bytes.count >= 2 else { return ended ? false : nil }
            if bytes[1] == 0x03 { return false }
        }
        if let http = httpAnswer(bytes, ended: ended) {
            guard let (status, text) = http else { return nil }
            return !(status == 400 && text.contains("https"))
        }
        return true
    }

    /// What came back after a TLS handshake without a client certificate and the request: any application
    /// data is being served, except an HTTP 4xx answer that speaks of a certificate (nginx's `400 No required
    /// SSL certificate was sent`). An alert or a close before any data is a refusal. Silence past the wait is
    /// decided by the caller (served: a server that requires a certificate refuses within a round trip).
    public static func servedWithoutClientCertificate(_ bytes: [UInt8], ended: Bool) -> Bool? {
        guard !bytes.isEmpty else { return ended ? false : nil }
        if let http = httpAnswer(bytes, ended: ended) {
            guard let (status, text) = http else { return nil }
            return !((400..<500).contains(status) && text.contains("certificate"))
        }
        return true
    }

    /// `.none` when the bytes are not (the start of) an HTTP answer; `.some(nil)` while it is still coming;
    /// else its status and its text, lowercased.
    private static func httpAnswer(_ bytes: [UInt8], ended: Bool) -> (Int, String)?? {
        let prefix = Array("HTTP/".utf8)
        guard bytes.starts(with: prefix.prefix(bytes.count)) || bytes.starts(with: prefix) else { return .none }
        guard bytes.starts(with: prefix) else { return ended ? .none : .some(nil) }
        guard ended || bytes.count >= limit else { return .some(nil) }
        let text = String(decoding: bytes.prefix(limit), as: UTF8.self).lowercased()
        let statusLine = text.prefix { $0 != "\r" && $0 != "\n" }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        let status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
        return .some((status, text))
    }
}
