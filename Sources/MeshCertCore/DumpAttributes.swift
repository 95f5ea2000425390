/// What a dump says about where a certificate sat, beyond its location: the Kubernetes object and
/// cert-manager's annotations, the proxy secret, the trust domain, ztunnel's identity.
/// Typed values, not label text: the exposition spells the label keys (MetricNames.swift), and a
/// cardinality switch can leave them all out.
public struct DumpAttributes: Sendable, Hashable {
    /// The object is a ConfigMap: its namespace, name and key are `configmap_*` labels, not `secret_*`.
    public var isConfigMap = false
    public var secretNamespace: String?
    public var secretName: String?
    /// cert-manager's `cert-manager.io/certificate-name`, `issuer-name` and `issuer-kind` annotations.
    public var certificateName: String?
    public var issuerName: String?
    public var issuerKind: String?
    /// The secret or configmap key the certificate was read from.
    public var secretKey: String?
    /// The SDS secret name in an istioctl or Envoy dump (`default`, `ROOTCA`).
    public var proxySecret: String?
    /// A SPIRE trust domain under Envoy's custom validator.
    public var trustDomain: String?
    /// ztunnel's workload identity (a SPIFFE ID).
    public var identity: String?

    public init(
        secretNamespace: String? = nil,
        secretName: String? = nil,
        certificateName: String? = nil,
        issuerName: String? = nil,
        issuerKind: String? = nil,
        secretKey: String? = nil,
        proxySecret: String? = nil,
        trustDomain: String? = nil,
        identity: String? = nil
    ) {
        self.secretNamespace = secretNamespace
        self.secretName = secretName
        self.certificateName = certificateName
        self.issuerName = issuerName
        self.issuerKind = issuerKind
        self.secretKey = secretKey
        self.proxySecret = proxySecret
        self.trustDomain = trustDomain
        self.identity = identity
    }

    /// Nothing known: what files and endpoints hand in.
    public static let none = DumpAttributes()

    public var isEmpty: Bool { self == .none }
}

extension DumpAttributes {
    /// A ConfigMap's namespace and name (written as `configmap_namespace` and `configmap_name`).
    public static func configMap(namespace: String, name: String) -> DumpAttributes {
        var attributes = DumpAttributes(secretNamespace: namespace, secretName: name)
        attributes.isConfigMap = true
        return attributes
    }

    /// The same object's attributes for one of its keys.
    public func with(secretKey: String) -> DumpAttributes {
        var copy = self
        copy.secretKey = secretKey
        return copy
    }
}
