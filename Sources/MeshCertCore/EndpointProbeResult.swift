import Foundation

/// What one TLS probe of one endpoint found, beyond the certificates it read.
public struct EndpointProbeResult: Sendable, Hashable {
    public var location: String
    /// The TCP connect and the TLS handshake completed (an expired or untrusted chain still counts).
    public var isUp: Bool
    /// Connect plus handshake, or the time until the probe failed.
    public var handshakeDuration: TimeInterval
    /// `TLS 1.3`, `TLS 1.2`, … when the handshake completed.
    public var tlsVersion: String?
    /// Whether the server asked for a client certificate; nil when the probe never got that far.
    public var clientCertificateRequired: Bool?
    /// With enforcement checking: the port answered a plaintext request; nil when not checked or not concluded.
    public var plaintextAccepted: Bool?
    /// With enforcement checking: a TLS client without a certificate was served; nil when not checked or not concluded.
    public var acceptsWithoutClientCertificate: Bool?

    public init(location: String, isUp: Bool, handshakeDuration: TimeInterval, tlsVersion: String? = nil, clientCertificateRequired: Bool? = nil) {
        self.location = location
        self.isUp = isUp
        self.handshakeDuration = handshakeDuration
        self.tlsVersion = tlsVersion
        self.clientCertificateRequired = clientCertificateRequired
    }
}
