/// What a dump says about where a certificate sat, beyond its location: the Kubernetes object and
/// cert-manager's annotations, the proxy secret, the trust domain, ztunnel's identity.
/// Typed values, not label text: the exposition spells the label keys (MetricNames.swift), and a
/// cardinality switch can leave them all out.
public struct DumpAttributes: Sendable, Hashable {
    private struct Values: Sendable, Hashable {
        var isConfigMap = false
        var secretNamespace: String?
        var secretName: String?
        var certificateName: String?
        var issuerName: String?
        var issuerKind: String?
        var secretKey: String?
        var proxySecret: String?
        var trustDomain: String?
        var identity: String?
    }

    /// Immutable, so shared freely: a certificate's attributes are held by its observation, its
    /// judgement and its label texts, and most certificates (files, endpoints) have none at all.
    private final class Box: Sendable {
        let values: Values

        init(_ values: Values) { self.values = values }
    }

    /// nil when nothing is known: eight bytes a certificate instead of nine optional strings.
    private var box: Box?

    private var values: Values {
        get { box?.values ?? Values() }
        set { box = newValue == Values() ? nil : Box(newValue) }
    }

    /// The object is a ConfigMap: its namespace, name and key are `configmap_*` labels, not `secret_*`.
    public var isConfigMap: Bool {
        get { values.isConfigMap }
        set { values.isConfigMap = newValue }
    }
    public var secretNamespace: String? {
        get { values.secretNamespace }
        set { values.secretNamespace = newValue }
    }
    public var secretName: String? {
        get { values.secretName }
        set { values.secretName = newValue }
    }
    /// cert-manager's `cert-manager.io/certificate-name`, `issuer-name` and `issuer-kind` annotations.
    public var certificateName: String? {
        get { values.certificateName }
        set { values.certificateName = newValue }
    }
    public var issuerName: String? {
        get { values.issuerName }
        set { values.issuerName = newValue }
    }
    public var issuerKind: String? {
        get { values.issuerKind }
        set { values.issuerKind = newValue }
    }
    /// The secret or configmap key the certificate was read from.
    public var secretKey: String? {
        get { values.secretKey }
        set { values.secretKey = newValue }
    }
    /// The SDS secret name in an istioctl or Envoy dump (`default`, `ROOTCA`).
    public var proxySecret: String? {
        get { values.proxySecret }
        set { values.proxySecret = newValue }
    }
    /// A SPIRE trust domain under Envoy's custom validator.
    public var trustDomain: String? {
        get { values.trustDomain }
        set { values.trustDomain = newValue }
    }
    /// ztunnel's workload identity (a SPIFFE ID).
    public var identity: String? {
        get { values.identity }
        set { values.identity = newValue }
    }

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
        values = Values(
            secretNamespace: secretNamespace,
            secretName: secretName,
            certificateName: certificateName,
            issuerName: issuerName,
            issuerKind: issuerKind,
            secretKey: secretKey,
            proxySecret: proxySecret,
            trustDomain: trustDomain,
            identity: identity
        )
    }

    /// Nothing known: what files and endpoints hand in.
    public static let none = DumpAttributes()

    public var isEmpty: Bool { box == nil }

    public static func == (lhs: DumpAttributes, rhs: DumpAttributes) -> Bool {
        lhs.box === rhs.box || lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(values)
    }
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
