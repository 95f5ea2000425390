import Foundation
import MeshCertCore
import MeshCertParsers

/// One blob of certificate material found in a dump, with where it came from.
struct DumpEntry {
    var location: String
    var kind: SourceKind
    var bytes: [UInt8]
    var attributes: DumpAttributes
    /// The certificate of this entry's bundle that a mesh layout names as its issuing CA (`MeshLayout`).
    var issuingIndex: Int?
}

struct DumpContents {
    var entries: [DumpEntry] = []
    var policies: [MTLSPolicy] = []
    var problems: [SourceError] = []
    /// Objects of a kind we read (Secret, ConfigMap, PeerAuthentication, proxy secrets): zero means
    /// the document was valid but held nothing for us.
    var objectsRead = 0
}

/// Finds certificates in what `kubectl`, `istioctl` and Envoy's admin API print:
/// Secrets and ConfigMaps (a `List`, one object, or several YAML documents), PeerAuthentications,
/// `istioctl proxy-config secret -o json` (camelCase), Envoy `/config_dump` secrets (snake_case,
/// under `configs`, SPIRE trust domains included) and ztunnel's certificate dump.
/// Private key entries are recognised by name and never decoded.
struct DumpExtractor {
    struct Options: Sendable, Hashable {
        /// Secret and ConfigMap keys that hold certificates (fnmatch patterns).
        var keyPatterns: [String] = DumpSource.Options.defaultKeyPatterns
        /// The namespace whose selector-less PeerAuthentication is the mesh-wide default.
        var meshRootNamespace = "istio-system"
    }

    let options: Options
    /// Names proxy-dump locations: `<dump>/<secret-name>`.
    let dumpName: String
    private(set) var contents = DumpContents()

    init(options: Options, dumpName: String) {
        self.options = options
        self.dumpName = dumpName
    }

    mutating func visit(_ node: any DumpNode) {
        if let items = node.items {
            for item in items { visit(item) }
            return
        }
        if let configs = node["configs"]?.items {
            for config in configs { proxySecrets(config) }
            return
        }
        if field(node, "dynamicActiveSecrets", "dynamic_active_secrets") != nil || field(node, "staticSecrets", "static_secrets") != nil {
            proxySecrets(node)
            return
        }
        if let certificates = node["certificates"]?.items {
            for certificate in certificates { ztunnelCertificate(certificate) }
            return
        }
        if node["certChain"] != nil {
            ztunnelCertificate(node)
            return
        }
        switch node["kind"]?.text {
        case let kind? where kind.hasSuffix("List"):
            for item in node["items"]?.items ?? [] { visit(item) }
        case "Secret": secret(node)
        case "ConfigMap": configMap(node)
        case "PeerAuthentication": peerAuthentication(node)
        default: break  // other kinds in a mixed List (ServiceAccounts, Pods, …) are not ours
        }
    }

    // MARK: Kubernetes

    private mutating func secret(_ node: any DumpNode) {
        contents.objectsRead += 1
        let (namespace, name) = identity(node)
        let annotations = node.path("metadata", "annotations")
        let attributes = DumpAttributes(
            secretNamespace: namespace, secretName: name,
            certificateName: annotations?["cert-manager.io/certificate-name"]?.text,
            issuerName: annotations?["cert-manager.io/issuer-name"]?.text,
            issuerKind: annotations?["cert-manager.io/issuer-kind"]?.text
        )
        for (key, value) in node["data"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            let location = "\(namespace)/\(name)/\(key)"
            guard let bytes = Base64.decode(Array(text.utf8)[...]) else {
                problem(location, .badBase64, "secret data is not valid base64\(at(value))")
                continue
            }
            add(location, .secret, bytes, attributes.with(secretKey: key), issuingIndex: MeshLayout.issuingIndex(secret: name, key: key))
        }
        for (key, value) in node["stringData"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            add(
                "\(namespace)/\(name)/\(key)", .secret, Array(text.utf8), attributes.with(secretKey: key),
                issuingIndex: MeshLayout.issuingIndex(secret: name, key: key)
            )
        }
    }

    private mutating func configMap(_ node: any DumpNode) {
        contents.objectsRead += 1
        let (namespace, name) = identity(node)
        let attributes = DumpAttributes.configMap(namespace: namespace, name: name)
        for (key, value) in node["data"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            add("\(namespace)/\(name)/\(key)", .configmap, Array(text.utf8), attributes.with(secretKey: key))
        }
        for (key, value) in node["binaryData"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            let location = "\(namespace)/\(name)/\(key)"
            guard let bytes = Base64.decode(Array(text.utf8)[...]) else {
                problem(location, .badBase64, "configmap binaryData is not valid base64\(at(value))")
                continue
            }
            add(location, .configmap, bytes, attributes.with(secretKey: key))
        }
    }

    private mutating func peerAuthentication(_ node: any DumpNode) {
        contents.objectsRead += 1
        let (namespace, name) = identity(node)
        let hasSelector = node.path("spec", "selector") != nil
        let scope: MTLSPolicy.Scope = hasSelector ? .workload : namespace == options.meshRootNamespace ? .mesh : .namespace
        func mode(_ node: (any DumpNode)?) -> MTLSPolicy.Mode {
            MTLSPolicy.Mode(rawValue: node?["mode"]?.text?.uppercased() ?? "UNSET") ?? .unset
        }
        contents.policies.append(MTLSPolicy(namespace: namespace, name: name, mode: mode(node.path("spec", "mtls")), port: "", scope: scope))
        for (port, setting) in node.path("spec", "portLevelMtls")?.entries ?? [] {
            contents.policies.append(MTLSPolicy(namespace: namespace, name: name, mode: mode(setting), port: port, scope: scope))
        }
    }

    private func identity(_ node: any DumpNode) -> (namespace: String, name: String) {
        (node.path("metadata", "namespace")?.text ?? "", node.path("metadata", "name")?.text ?? "unnamed")
    }

    /// Certificate keys by pattern; private keys by name, never even decoded.
    func wanted(_ key: String) -> Bool {
        let lower = key.lowercased()
        if lower == "tls.key" || lower.hasSuffix(".key") || lower == "key.pem" || lower.hasSuffix("-key.pem")
            || lower.hasSuffix("_key.pem") || lower.contains("private")
        {
            return false
        }
        return options.keyPatterns.contains { FileSystem.matches($0, key) }
    }

    // MARK: Proxies

    private mutating func proxySecrets(_ dump: any DumpNode) {
        for list in [field(dump, "dynamicActiveSecrets", "dynamic_active_secrets"), field(dump, "staticSecrets", "static_secrets")] {
            for entry in list?.items ?? [] {
                contents.objectsRead += 1
                let secret = entry["secret"] ?? entry
                let name = entry["name"]?.text ?? secret["name"]?.text ?? "unnamed"
                let location = "\(dumpName)/\(name)"
                let attributes = DumpAttributes(proxySecret: name)
                if let tls = field(secret, "tlsCertificate", "tls_certificate") {
                    dataSource(field(tls, "certificateChain", "certificate_chain"), location: location, attributes: attributes)
                }
                if let validation = field(secret, "validationContext", "validation_context") {
                    dataSource(field(validation, "trustedCa", "trusted_ca"), location: location, attributes: attributes)
                    let custom = field(validation, "customValidatorConfig", "custom_validator_config")
                    let typed = custom.flatMap { field($0, "typedConfig", "typed_config") }
                    for domain in typed.flatMap({ field($0, "trustDomains", "trust_domains") })?.items ?? [] {
                        let domainName = domain["name"]?.text ?? "unnamed"
                        dataSource(
                            field(domain, "trustBundle", "trust_bundle"), location: "\(location)/\(domainName)",
                            attributes: DumpAttributes(proxySecret: name, trustDomain: domainName)
                        )
                    }
                }
            }
        }
    }

    /// Envoy's DataSource: `inline_bytes` (base64), `inline_string` (text); a `filename` is not ours to read.
    private mutating func dataSource(_ node: (any DumpNode)?, location: String, attributes: DumpAttributes) {
        guard let node else { return }
        if let encoded = field(node, "inlineBytes", "inline_bytes")?.text, !encoded.isEmpty {
            guard let bytes = Base64.decode(Array(encoded.utf8)[...]) else {
                problem(location, .badBase64, "proxy secret inline bytes are not valid base64")
                return
            }
            add(location, .proxyDump, bytes, attributes)
        } else if let text = field(node, "inlineString", "inline_string")?.text, !text.isEmpty {
            add(location, .proxyDump, Array(text.utf8), attributes)
        }
    }

    private mutating func ztunnelCertificate(_ node: any DumpNode) {
        contents.objectsRead += 1
        let identity = node["identity"]?.text ?? "unnamed"
        // The PEM is the truth: the dump's own validFrom/expirationTime fields have been seen to disagree with it.
        let pems = ((node["certChain"]?.items ?? []) + (node["rootCerts"]?.items ?? [])).compactMap { $0["pem"]?.text }
        guard !pems.isEmpty else { return }  // Initializing or Unavailable: nothing issued yet
        add("\(dumpName)/\(identity)", .proxyDump, Array(pems.joined(separator: "\n").utf8), DumpAttributes(identity: identity))
    }

    /// Problems found while reading the entries' certificates.
    mutating func note(_ problems: [SourceError]) {
        contents.problems += problems
    }

    /// The entries are read as soon as they are found; their bytes need not stay.
    mutating func clearEntries() {
        contents.entries.removeAll(keepingCapacity: true)
    }

    // MARK: Helpers

    private func field(_ node: any DumpNode, _ camel: String, _ snake: String) -> (any DumpNode)? {
        node[camel] ?? node[snake]
    }

    private func at(_ node: any DumpNode) -> String {
        node.line.map { " at line \($0)" } ?? ""
    }

    private mutating func add(_ location: String, _ kind: SourceKind, _ bytes: [UInt8], _ attributes: DumpAttributes, issuingIndex: Int? = nil) {
        contents.entries.append(DumpEntry(location: location, kind: kind, bytes: bytes, attributes: attributes, issuingIndex: issuingIndex))
    }

    private mutating func problem(_ location: String, _ reason: SourceErrorReason, _ message: String) {
        contents.problems.append(SourceError(location: location, reason: reason, message: message))
    }
}
