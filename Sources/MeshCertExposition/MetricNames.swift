/// Every metric the exporter writes: name, type and HELP text. Nothing else spells a metric name.
/// The contract is ../shared/design/metrics.md; the README's metrics table mirrors this file.
public struct MetricDefinition: Sendable, Hashable {
    public enum Kind: String, Sendable { case gauge, counter }

    public var name: String
    public var kind: Kind
    public var help: String
}

public enum Metric {
    // Certificates (labels: the identity source, source_kind, location, chain_index, plus layer;
    // subject_cn, issuer_cn and every descriptive label on meshcert_cert_info only).
    public static let certNotAfter = MetricDefinition(
        name: "meshcert_cert_not_after_timestamp_seconds", kind: .gauge, help: "NotAfter of the certificate, in Unix seconds.")
    public static let certNotBefore = MetricDefinition(
        name: "meshcert_cert_not_before_timestamp_seconds", kind: .gauge, help: "NotBefore of the certificate, in Unix seconds.")
    public static let certExpiresIn = MetricDefinition(
        name: "meshcert_cert_expires_in_seconds", kind: .gauge,
        help: "Seconds from the collection to NotAfter; negative once expired.")
    public static let certLifetime = MetricDefinition(
        name: "meshcert_cert_lifetime_seconds", kind: .gauge, help: "NotAfter minus NotBefore, in seconds.")
    public static let certLifetimeElapsed = MetricDefinition(
        name: "meshcert_cert_lifetime_elapsed_ratio", kind: .gauge,
        help: "Share of the certificate's lifetime that has passed; above 1 once expired. Rotation normally happens at 0.5 to 0.8.")
    public static let certExpiryState = MetricDefinition(
        name: "meshcert_cert_expiry_state", kind: .gauge,
        help: "0 ok, 1 warning, 2 critical, 3 expired, by the thresholds of the certificate's layer.")
    public static let certInfo = MetricDefinition(
        name: "meshcert_cert_info", kind: .gauge, help: "Descriptive labels of the certificate; the value is always 1.")
    public static let certMTLSUsable = MetricDefinition(
        name: "meshcert_cert_mtls_usable", kind: .gauge,
        help: "Workload certificates: 1 when the extended key usage allows both serverAuth and clientAuth (or is absent), else 0.")
    public static let certRotations = MetricDefinition(
        name: "meshcert_cert_rotations_total", kind: .counter,
        help: "Times a different certificate replaced the one at this identity since the exporter started.")

    // Weak cryptography (labels: the certificate identity plus layer, and reason).
    public static let certWeakCrypto = MetricDefinition(
        name: "meshcert_cert_weak_crypto_info", kind: .gauge,
        help: "Present only for a weak certificate, one sample per reason (md5_signature, sha1_signature, rsa_key_under_2048, ec_curve_under_256, dsa_key); a self-signed root's own signature is not judged. The value is always 1.")

    // Thresholds.
    public static let threshold = MetricDefinition(
        name: "meshcert_threshold_seconds", kind: .gauge, help: "Configured time-to-expiry threshold per layer and severity.")
    public static let sourceThreshold = MetricDefinition(
        name: "meshcert_source_threshold_seconds", kind: .gauge,
        help: "Effective time-to-expiry threshold per source, layer and severity (a source may override the global ones).")
    public static let rotationStallRatio = MetricDefinition(
        name: "meshcert_rotation_stall_ratio", kind: .gauge,
        help: "Lifetime-elapsed ratio past which a certificate that has not rotated counts as stalled, per layer.")

    // Chains (labels: source, source_kind, location).
    public static let chainEarliestNotAfter = MetricDefinition(
        name: "meshcert_chain_earliest_not_after_timestamp_seconds", kind: .gauge,
        help: "Earliest NotAfter among the certificates read at the location, in Unix seconds.")
    public static let chainIssuerExpiresFirst = MetricDefinition(
        name: "meshcert_chain_issuer_expires_first", kind: .gauge,
        help: "1 when an issuer of a certificate at the location expires before the certificate it signed.")

    public static let chainVerified = MetricDefinition(
        name: "meshcert_chain_verified", kind: .gauge,
        help: "1 when the chain builds to the configured trust bundle and passes every check, else 0 (only where a trust bundle is configured).")
    public static let chainVerifyError = MetricDefinition(
        name: "meshcert_chain_verify_error_info", kind: .gauge,
        help: "Why the chain does not verify against the configured trust bundle, one sample per reason; the value is always 1.")

    // Endpoints (labels: source, location).
    public static let endpointUp = MetricDefinition(
        name: "meshcert_endpoint_up", kind: .gauge,
        help: "1 when the TCP connect and TLS handshake completed (an expired or untrusted chain still counts as read).")
    public static let endpointHandshakeDuration = MetricDefinition(
        name: "meshcert_endpoint_handshake_duration_seconds", kind: .gauge,
        help: "Connect plus handshake time of the last probe (until failure when it failed).")
    public static let endpointTLSVersion = MetricDefinition(
        name: "meshcert_endpoint_tls_version_info", kind: .gauge, help: "TLS version negotiated by the last probe; the value is always 1.")
    public static let endpointClientCertRequired = MetricDefinition(
        name: "meshcert_endpoint_client_cert_required", kind: .gauge,
        help: "1 when the server asked for a client certificate (an mTLS endpoint), else 0.")

    // mTLS enforcement, verified rather than assumed (labels: source, location; only where check_enforcement is on).
    public static let endpointPlaintextAccepted = MetricDefinition(
        name: "meshcert_endpoint_plaintext_accepted", kind: .gauge,
        help: "1 when the port answered a plaintext request (an HTTP answer, or any bytes that are not a TLS record), 0 when it refused; absent when not checked or not concluded.")
    public static let endpointAcceptsWithoutClientCert = MetricDefinition(
        name: "meshcert_endpoint_accepts_without_client_cert", kind: .gauge,
        help: "1 when a TLS handshake without a client certificate completed and the request was served, 0 when refused; absent when not checked or not concluded.")

    // Mesh traffic (destination-side reports only).
    public static let meshRequests = MetricDefinition(
        name: "meshcert_mesh_requests_total", kind: .counter,
        help: "Requests the destination proxies reported since the exporter started, by namespace and security policy; reset-safe across proxy restarts.")
    public static let meshConnections = MetricDefinition(
        name: "meshcert_mesh_connections_total", kind: .counter,
        help: "TCP connections the destination proxies reported opened since the exporter started, by namespace and security policy.")
    public static let mtlsTrafficRatio = MetricDefinition(
        name: "meshcert_mtls_traffic_ratio", kind: .gauge,
        help: "Share of a namespace's traffic that is mutual TLS over the window; absent below the minimum of events.")
    public static let meshMTLSTrafficRatio = MetricDefinition(
        name: "meshcert_mesh_mtls_traffic_ratio", kind: .gauge,
        help: "Share of the whole mesh's traffic that is mutual TLS over the window; absent below the minimum of events.")

    // Mesh policy.
    public static let mtlsPolicyMode = MetricDefinition(
        name: "meshcert_mtls_policy_mode", kind: .gauge,
        help: "PeerAuthentication mTLS mode, for the whole policy (port empty) or one port; the value is always 1.")

    // Health.
    public static let sourceUp = MetricDefinition(
        name: "meshcert_source_up", kind: .gauge, help: "1 when the last read of the location succeeded.")
    public static let sourceErrors = MetricDefinition(
        name: "meshcert_source_errors_total", kind: .counter,
        help: "Failed reads by reason; a location that stays broken counts once per change, not once per scrape.")
    public static let sourceCertificates = MetricDefinition(
        name: "meshcert_source_certificates", kind: .gauge, help: "Certificates read by the source in the last collection.")
    public static let collectionDuration = MetricDefinition(
        name: "meshcert_collection_duration_seconds", kind: .gauge, help: "Time the last collection of the source took.")
    public static let collectionSuccess = MetricDefinition(
        name: "meshcert_source_collection_success", kind: .gauge,
        help: "1 when the source's last collection finished before the scrape deadline; 0 when its last complete read was served instead.")
    public static let sourceLastChange = MetricDefinition(
        name: "meshcert_source_last_change_timestamp_seconds", kind: .gauge,
        help: "When the content at the location last changed (a dump file's modification time), in Unix seconds.")
    // Trust bundles and CA rotation safety (labels: source, source_kind, location of the bundle).
    public static let bundleRoots = MetricDefinition(
        name: "meshcert_trust_bundle_roots", kind: .gauge, help: "Certificates (roots) in the trust bundle.")
    public static let bundleLatestNotAfter = MetricDefinition(
        name: "meshcert_trust_bundle_latest_not_after_timestamp_seconds", kind: .gauge,
        help: "NotAfter of the bundle's longest-lived root, in Unix seconds: when even that is near, no successor root is in place.")
    public static let bundleInfo = MetricDefinition(
        name: "meshcert_trust_bundle_info", kind: .gauge,
        help: "The bundle's root set as one fingerprint (bundles that should agree and do not show several values); the value is always 1.")
    public static let bundleUntrustedIssuers = MetricDefinition(
        name: "meshcert_trust_bundle_untrusted_issuers", kind: .gauge,
        help: "Issuing CAs in use in the trust domains the bundle serves whose chain does not build to it: above 0, those workloads' handshakes with the bundle's owner fail.")
    public static let bundleUntrustedIssuer = MetricDefinition(
        name: "meshcert_trust_bundle_untrusted_issuer_info", kind: .gauge,
        help: "One issuing CA in use that the bundle does not trust; the value is always 1.")
    public static let bundleStale = MetricDefinition(
        name: "meshcert_trust_bundle_stale", kind: .gauge,
        help: "SPIFFE bundles: 1 when the refresh hint has passed ten times over without a new spiffe_sequence.")
    public static let buildInfo = MetricDefinition(
        name: "meshcert_build_info", kind: .gauge, help: "The exporter's version; the value is always 1.")
}

/// Label names, in one place. Never `namespace`, `type`, `job`, `instance` or `service`:
/// Prometheus and Kubernetes target labels would collide with them.
public enum Label {
    public static let source = "source"
    public static let sourceKind = "source_kind"
    public static let location = "location"
    public static let chainIndex = "chain_index"
    public static let layer = "layer"
    public static let subjectCN = "subject_cn"
    public static let issuerCN = "issuer_cn"
    public static let severity = "severity"
    public static let reason = "reason"
    public static let rootsFingerprint = "roots_fingerprint"
    public static let issuerSubject = "issuer_subject"
    public static let issuerFingerprint = "issuer_fingerprint"
    public static let version = "version"
    public static let serial = "serial"
    public static let subject = "subject"
    public static let issuer = "issuer"
    public static let spiffeID = "spiffe_id"
    public static let dnsNames = "dns_names"
    public static let ipAddresses = "ip_addresses"
    public static let keyAlgorithm = "key_algorithm"
    public static let signatureAlgorithm = "signature_algorithm"
    public static let isCA = "is_ca"
    public static let extendedKeyUsage = "extended_key_usage"
    public static let fingerprintSHA256 = "fingerprint_sha256"
    public static let parseWarning = "parse_warning"
    public static let policyNamespace = "policy_namespace"
    public static let policyName = "policy_name"
    public static let mode = "mode"
    public static let port = "port"
    public static let scope = "scope"
    public static let destinationNamespace = "destination_namespace"
    public static let securityPolicy = "security_policy"
    public static let traffic = "traffic"

    // What dumps say about a certificate's object (DumpAttributes), on meshcert_cert_info.
    public static let secretNamespace = "secret_namespace"
    public static let secretName = "secret_name"
    public static let certificateName = "certificate_name"
    public static let issuerName = "issuer_name"
    public static let issuerKind = "issuer_kind"
    public static let secretKey = "secret_key"
    public static let configMapNamespace = "configmap_namespace"
    public static let configMapName = "configmap_name"
    public static let configMapKey = "configmap_key"
    public static let proxySecret = "proxy_secret"
    public static let trustDomain = "trust_domain"
    public static let identity = "identity"

    /// The dump label keys, in the order they are written.
    public static let dumpAttributeKeys = [
        secretNamespace, secretName, certificateName, issuerName, issuerKind, secretKey, proxySecret, trustDomain, identity,
        configMapNamespace, configMapName, configMapKey,
    ]
}
