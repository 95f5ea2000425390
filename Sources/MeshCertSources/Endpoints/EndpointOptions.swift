import Foundation
import MeshCertCore
import X509

/// How to probe a group of endpoints: the name to send and check, a client identity, a trust bundle,
/// a timeout and an optional STARTTLS protocol. A `/probe` module is one of these.
public struct EndpointOptions: Sendable {
    /// SNI and the name the chain is checked against; nil means the target's host (no SNI for an IP literal).
    public var serverName: String?
    public var clientIdentity: ClientIdentity?
    /// Roots from `ca_file`; nil means no verification is judged (and no `meshcert_chain_verified`).
    public var trustRoots: [Certificate]?
    public var trustFile: String?
    /// Connect plus STARTTLS plus handshake, per target.
    public var timeout: TimeInterval
    public var startTLS: StartTLSProtocol?
    /// `/probe` modules: the targets a request may name; empty allows any (blackbox_exporter's way).
    public var allowedTargets: [TargetPattern] = []
    /// Also try the port in plaintext and over TLS without a client certificate
    /// (`meshcert_endpoint_plaintext_accepted`, `meshcert_endpoint_accepts_without_client_cert`).
    public var checkEnforcement = false

    public static let defaultTimeout: TimeInterval = 5

    /// Whether `/probe` may probe `target` with these settings.
    public func allows(_ target: EndpointTarget) -> Bool {
        allowedTargets.isEmpty || allowedTargets.contains { $0.matches(target) }
    }

    public init(
        serverName: String? = nil,
        clientIdentity: ClientIdentity? = nil,
        trustRoots: [Certificate]? = nil,
        trustFile: String? = nil,
        timeout: TimeInterval = EndpointOptions.defaultTimeout,
        startTLS: StartTLSProtocol? = nil
    ) {
        self.serverName = serverName
        self.clientIdentity = clientIdentity
        self.trustRoots = trustRoots
        self.trustFile = trustFile
        self.timeout = timeout
        self.startTLS = startTLS
    }

    /// Reads a trust bundle (PEM certificates) for `ca_file`.
    public static func loadTrustRoots(file: String) throws(ClientIdentityError) -> [Certificate] {
        let roots = try ClientIdentity.certificateDERs(file, missing: "holds no readable PEM CERTIFICATE block")
            .compactMap { try? Certificate(derEncoded: $0) }
        guard !roots.isEmpty else { throw ClientIdentityError(file: file, problem: "holds no readable PEM CERTIFICATE block") }
        return roots
    }
}
