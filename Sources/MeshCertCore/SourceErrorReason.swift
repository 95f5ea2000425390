/// Why a read failed: a closed set, each value a `reason` label of `meshcert_source_errors_total`.
public enum SourceErrorReason: String, CaseIterable, Sendable, Codable {
    case notFound = "not_found"
    case permissionDenied = "permission_denied"
    case noCertificates = "no_certificates"
    case badPEM = "bad_pem"
    case badDER = "bad_der"
    case badBase64 = "bad_base64"
    case badDocument = "bad_document"
    case tooLarge = "too_large"
    case connectRefused = "connect_refused"
    case connectTimeout = "connect_timeout"
    case dns
    case tlsHandshake = "tls_handshake"
    case httpStatus = "http_status"
    /// The source did not finish before the scrape deadline (its last complete read was served).
    case deadlineExceeded = "deadline_exceeded"
    /// The same place was listed twice in one read (a dump naming one object twice): the first is kept.
    case duplicate
}
