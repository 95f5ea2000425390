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
    /// The entry is a trust bundle (a `ROOTCA`, a `ca.crt`, a `root-cert.pem`).
    var bundle: BundleRole?
    /// Bundles of the same object to judge this entry's chain against, in order of preference.
    var verifiedBy: [String] = []
    /// A bundle whose certificates another entry at the same location already exports (ztunnel's roots,
    /// written after the chain): judged as a bundle, not read as certificates a second time.
    var bundleOnly = false
}

/// What a bundle entry says about whom it serves.
struct BundleRole {
    var trustDomain: String?
    var servesLocation: String?
    /// A SPIFFE bundle document's `spiffe_sequence` and `spiffe_refresh_hint`.
    var sequence: Int?
    var refreshHint: TimeInterval?
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
    /// Where a SPIFFE bundle document's roots are placed; by default `<dump>/spiffe_bundle` (a URL names its own).
    var spiffeLocation: String?
    private(set) var contents = DumpContents()

    init(options: Options, dumpName: String, spiffeLocation: String? = nil) {
        self.options = options
        self.dumpName = dumpName
        self.spiffeLocation = spiffeLocation
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
        if let keys = node["keys"]?.items, node["spiffe_sequence"] != nil || keys.contains(where: { $0["use"]?.text == "x509-svid" }) {
            spiffeBundle(node, keys: keys)
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
        let keys = Set((node["data"]?.entries ?? []).map(\.0) + (node["stringData"]?.entries ?? []).map(\.0))
        func place(_ key: String, _ bytes: [UInt8]) {
            let location = "\(namespace)/\(name)/\(key)"
            var entry = DumpEntry(
                location: location, kind: .secret, bytes: bytes, attributes: attributes.with(secretKey: key),
                issuingIndex: MeshLayout.issuingIndex(secret: name, key: key)
            )
            if TrustBundleNames.isBundleKey(key) {
                entry.bundle = BundleRole()
            } else if let bundleKey = TrustBundleNames.bundleKey(verifying: key), keys.contains(bundleKey) {
                entry.verifiedBy = ["\(namespace)/\(name)/\(bundleKey)"]
            }
            contents.entries.append(entry)
        }
        for (key, value) in node["data"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            guard let bytes = Base64.decode(Array(text.utf8)[...]) else {
                problem("\(namespace)/\(name)/\(key)", .badBase64, "secret data is not valid base64\(at(value))")
                continue
            }
            place(key, bytes)
        }
        for (key, value) in node["stringData"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            place(key, Array(text.utf8))
        }
    }

    private mutating func configMap(_ node: any DumpNode) {
        contents.objectsRead += 1
        let (namespace, name) = identity(node)
        let attributes = DumpAttributes.configMap(namespace: namespace, name: name)
        for (key, value) in node["data"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            add("\(namespace)/\(name)/\(key)", .configmap, Array(text.utf8), attributes.with(secretKey: key), bundle: TrustBundleNames.isBundleKey(key))
        }
        for (key, value) in node["binaryData"]?.entries ?? [] where wanted(key) {
            guard let text = value.text, !text.isEmpty else { continue }
            let location = "\(namespace)/\(name)/\(key)"
            guard let bytes = Base64.decode(Array(text.utf8)[...]) else {
                problem(location, .badBase64, "configmap binaryData is not valid base64\(at(value))")
                continue
            }
            add(location, .configmap, bytes, attributes.with(secretKey: key), bundle: TrustBundleNames.isBundleKey(key))
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
        let first = contents.entries.count
        defer { linkProxyChains(from: first) }
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
                    dataSource(field(validation, "trustedCa", "trusted_ca"), location: location, attributes: attributes, bundle: BundleRole())
                    let custom = field(validation, "customValidatorConfig", "custom_validator_config")
                    let typed = custom.flatMap { field($0, "typedConfig", "typed_config") }
                    for domain in typed.flatMap({ field($0, "trustDomains", "trust_domains") })?.items ?? [] {
                        let domainName = domain["name"]?.text ?? "unnamed"
                        dataSource(
                            field(domain, "trustBundle", "trust_bundle"), location: "\(location)/\(domainName)",
                            attributes: DumpAttributes(proxySecret: name, trustDomain: domainName), bundle: BundleRole(trustDomain: domainName)
                        )
                    }
                }
            }
        }
    }

    /// Envoy's DataSource: `inline_bytes` (base64), `inline_string` (text); a `filename` is not ours to read.
    private mutating func dataSource(_ node: (any DumpNode)?, location: String, attributes: DumpAttributes, bundle: BundleRole? = nil) {
        guard let node else { return }
        var bytes: [UInt8]
        if let encoded = field(node, "inlineBytes", "inline_bytes")?.text, !encoded.isEmpty {
            guard let decoded = Base64.decode(Array(encoded.utf8)[...]) else {
                problem(location, .badBase64, "proxy secret inline bytes are not valid base64")
                return
            }
            bytes = decoded
        } else if let text = field(node, "inlineString", "inline_string")?.text, !text.isEmpty {
            bytes = Array(text.utf8)
        } else {
            return
        }
        var entry = DumpEntry(location: location, kind: .proxyDump, bytes: bytes, attributes: attributes)
        entry.bundle = bundle
        contents.entries.append(entry)
    }

    /// A proxy's own chain is judged against the bundles of the same dump, what Envoy itself does: the
    /// `ROOTCA` (or a SPIRE trust domain's bundle); each bundle serves the workload at the dump's chain.
    private mutating func linkProxyChains(from first: Int) {
        let added = contents.entries.indices.filter { $0 >= first }
        let bundles = added.filter { contents.entries[$0].bundle != nil }.map { contents.entries[$0].location }
        guard !bundles.isEmpty else { return }
        // The workload's own chain: Istio names it `default`, SPIRE by its SPIFFE ID. Other secrets in an
        // Envoy dump (a gateway's public certificate) are not judged against the mesh's roots.
        let chains = added.filter { index in
            let name = contents.entries[index].attributes.proxySecret ?? ""
            return contents.entries[index].bundle == nil && (name == "default" || name.hasPrefix("spiffe://"))
        }
        for index in chains { contents.entries[index].verifiedBy = bundles }
        if let workload = chains.first.map({ contents.entries[$0].location }) {
            for index in added where contents.entries[index].bundle != nil && contents.entries[index].bundle?.trustDomain == nil {
                contents.entries[index].bundle?.servesLocation = workload
            }
        }
    }

    private mutating func ztunnelCertificate(_ node: any DumpNode) {
        contents.objectsRead += 1
        let identity = node["identity"]?.text ?? "unnamed"
        // The PEM is the truth: the dump's own validFrom/expirationTime fields have been seen to disagree with it.
        let chain = (node["certChain"]?.items ?? []).compactMap { $0["pem"]?.text }
        let roots = (node["rootCerts"]?.items ?? []).compactMap { $0["pem"]?.text }
        guard !(chain + roots).isEmpty else { return }  // Initializing or Unavailable: nothing issued yet
        let location = "\(dumpName)/\(identity)"
        var entry = DumpEntry(location: location, kind: .proxyDump, bytes: Array((chain + roots).joined(separator: "\n").utf8), attributes: DumpAttributes(identity: identity))
        // The roots ztunnel trusts are a bundle at the same place; the workload's chain is judged against them.
        guard !roots.isEmpty, !chain.isEmpty else {
            contents.entries.append(entry)
            return
        }
        entry.verifiedBy = [location]
        contents.entries.append(entry)
        var bundle = DumpEntry(location: location, kind: .proxyDump, bytes: Array(roots.joined(separator: "\n").utf8), attributes: DumpAttributes(identity: identity))
        bundle.bundle = BundleRole(servesLocation: location)
        bundle.bundleOnly = true
        contents.entries.append(bundle)
    }

    /// A SPIFFE bundle document: a JWKS whose `x509-svid` keys carry the trust domain's roots in `x5c`
    /// (standard base64 DER, RFC 7517), with `spiffe_sequence` and `spiffe_refresh_hint` beside them.
    /// JWT-SVID keys (`use: jwt-svid`) are not certificates and are passed over.
    private mutating func spiffeBundle(_ node: any DumpNode, keys: [any DumpNode]) {
        contents.objectsRead += 1
        let location = spiffeLocation ?? "\(dumpName)/spiffe_bundle"
        var bytes: [UInt8] = []
        for (index, key) in keys.enumerated() where key["use"]?.text == "x509-svid" {
            guard let encoded = key["x5c"]?.items?.first?.text, let der = Base64.decode(Array(encoded.utf8)[...]) else {
                problem(location, .badBase64, "key \(index) (x509-svid) has no x5c certificate in base64\(at(key))")
                continue
            }
            bytes += der
        }
        guard !bytes.isEmpty else { return }
        var entry = DumpEntry(location: location, kind: .spiffeBundle, bytes: bytes, attributes: .none)
        entry.bundle = BundleRole(
            sequence: node["spiffe_sequence"]?.text.flatMap { Int($0) },
            refreshHint: node["spiffe_refresh_hint"]?.text.flatMap { Double($0) }.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        )
        contents.entries.append(entry)
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

    private mutating func add(_ location: String, _ kind: SourceKind, _ bytes: [UInt8], _ attributes: DumpAttributes, bundle: Bool = false) {
        var entry = DumpEntry(location: location, kind: kind, bytes: bytes, attributes: attributes)
        if bundle { entry.bundle = BundleRole() }
        contents.entries.append(entry)
    }

    private mutating func problem(_ location: String, _ reason: SourceErrorReason, _ message: String) {
        contents.problems.append(SourceError(location: location, reason: reason, message: message))
    }
}
