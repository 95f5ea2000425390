import Foundation
import MeshCertCore
import MeshCertTestSupport

/// Dumps in the shapes kubectl, istioctl, Envoy and ztunnel print, built from the test PKI.
enum DumpFixtures {
    static func b64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    struct Secret {
        var namespace: String
        var name: String
        var type: String
        var data: [(String, String)]  // values already base64 (or deliberately broken)
        var stringData: [(String, String)] = []
        var annotations: [(String, String)] = []
    }

    static func tlsSecret(_ pki: TestPKI, namespace: String = "shop", name: String = "cart-tls") -> Secret {
        Secret(
            namespace: namespace, name: name, type: "kubernetes.io/tls",
            data: [("ca.crt", b64(pki.issuing.pem)), ("tls.crt", b64(pki.workload.pem + pki.issuing.pem)), ("tls.key", b64(pki.workload.privateKeyPEM))],
            annotations: [
                ("cert-manager.io/certificate-name", "cart"), ("cert-manager.io/issuer-kind", "ClusterIssuer"), ("cert-manager.io/issuer-name", "mesh-ca"),
            ]
        )
    }

    static func cacerts(_ pki: TestPKI) -> Secret {
        Secret(
            namespace: "istio-system", name: "cacerts", type: "Opaque",
            data: [
                ("ca-cert.pem", b64(pki.issuing.pem)), ("ca-key.pem", b64(pki.issuing.privateKeyPEM)),
                ("cert-chain.pem", b64(pki.issuing.pem + pki.intermediate.pem + pki.root.pem)), ("root-cert.pem", b64(pki.root.pem)),
            ]
        )
    }

    static func istioCASecret(_ pki: TestPKI) -> Secret {
        Secret(
            namespace: "istio-system", name: "istio-ca-secret", type: "istio.io/ca-root",
            data: [("ca-cert.pem", b64(pki.root.pem)), ("ca-key.pem", b64(pki.root.privateKeyPEM)), ("cert-chain.pem", ""), ("key.pem", ""), ("root-cert.pem", "")]
        )
    }

    static func json(_ secrets: [Secret], configMaps: [(namespace: String, name: String, data: [(String, String)])] = []) -> String {
        func pairs(_ pairs: [(String, String)]) -> String {
            pairs.map { "\"\($0.0)\": \"\($0.1.replacingOccurrences(of: "\n", with: "\\n"))\"" }.joined(separator: ", ")
        }
        var items = secrets.map { secret in
            """
            {"apiVersion": "v1", "kind": "Secret", "type": "\(secret.type)",
             "metadata": {"name": "\(secret.name)", "namespace": "\(secret.namespace)", "annotations": {\(pairs(secret.annotations))}},
             "data": {\(pairs(secret.data))}\(secret.stringData.isEmpty ? "" : ", \"stringData\": {\(pairs(secret.stringData))}")}
            """
        }
        items += configMaps.map { map in
            """
            {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "\(map.name)", "namespace": "\(map.namespace)"}, "data": {\(pairs(map.data))}}
            """
        }
        return "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"metadata\": {\"resourceVersion\": \"\"},\n \"items\": [\n\(items.joined(separator: ",\n"))\n]}\n"
    }

    static func yamlObject(_ secret: Secret, indent: String) -> String {
        var text = "\(indent)apiVersion: v1\n\(indent)kind: Secret\n\(indent)type: \(secret.type)\n\(indent)metadata:\n"
        text += "\(indent)  name: \(secret.name)\n\(indent)  namespace: \(secret.namespace)\n"
        if !secret.annotations.isEmpty {
            text += "\(indent)  annotations:\n" + secret.annotations.map { "\(indent)    \($0.0): \($0.1)\n" }.joined()
        }
        text += "\(indent)data:\n" + secret.data.map { "\(indent)  \($0.0): \"\($0.1)\"\n" }.joined()
        if !secret.stringData.isEmpty {
            text += "\(indent)stringData:\n"
            for (key, value) in secret.stringData {
                text += "\(indent)  \(key): |\n" + value.split(separator: "\n").map { "\(indent)    \($0)\n" }.joined()
            }
        }
        return text
    }

    /// `kubectl get secrets -A -o yaml`: a List whose items start at column 0 with "- ".
    static func yamlList(_ secrets: [Secret]) -> String {
        var text = "apiVersion: v1\nitems:\n"
        for secret in secrets {
            let object = yamlObject(secret, indent: "  ")
            text += "- " + object.dropFirst(2)
        }
        return text + "kind: List\nmetadata:\n  resourceVersion: \"\"\n"
    }

    static func configMapYAML(namespace: String, name: String, key: String, pem: String) -> String {
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \(name)\n  namespace: \(namespace)\ndata:\n  \(key): |\n"
            + pem.split(separator: "\n").map { "    \($0)\n" }.joined()
    }

    /// Envoy's SecretsConfigDump; `camel` gives istioctl's `proxy-config secret -o json` spelling (no `configs` wrapper).
    static func proxySecrets(_ pki: TestPKI, camel: Bool, spire: Bool = false) -> String {
        func k(_ snake: String) -> String {
            guard camel else { return snake }
            let parts = snake.split(separator: "_")
            return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        }
        let validation =
            spire
            ? """
            "\(k("validation_context"))": {"\(k("custom_validator_config"))": {"name": "envoy.tls.cert_validator.spiffe", "\(k("typed_config"))": {
              "\(k("trust_domains"))": [{"name": "east.local", "\(k("trust_bundle"))": {"\(k("inline_bytes"))": "\(b64(pki.root.pem))"}},
                                 {"name": "west.local", "\(k("trust_bundle"))": {"\(k("inline_bytes"))": "\(b64(pki.intermediate.pem))"}}]}}}
            """
            : "\"\(k("validation_context"))\": {\"\(k("trusted_ca"))\": {\"\(k("inline_bytes"))\": \"\(b64(pki.root.pem))\"}}"
        let dump = """
            {"\(k("dynamic_active_secrets"))": [
              {"name": "default", "\(k("last_updated"))": "2023-05-15T01:32:52.262Z", "secret": {"name": "default",
                "\(k("tls_certificate"))": {"\(k("certificate_chain"))": {"\(k("inline_bytes"))": "\(b64(pki.workload.pem + pki.issuing.pem))"},
                                    "\(k("private_key"))": {"\(k("inline_bytes"))": "\(b64(pki.workload.privateKeyPEM))"}}}},
              {"name": "ROOTCA", "\(k("last_updated"))": "2023-05-15T01:32:52.262Z", "secret": {"name": "ROOTCA", \(validation)}}
            ],
            "\(k("dynamic_warming_secrets"))": [{"name": "configmap://some/thing", "\(k("version_info"))": "uninitialized"}]}
            """
        return camel ? dump : "{\"configs\": [{\"@type\": \"type.googleapis.com/envoy.admin.v3.SecretsConfigDump\", " + dump.dropFirst() + "]}"
    }

    static func ztunnel(_ pki: TestPKI) -> String {
        func pem(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: "\\n") }
        // The dump's own dates are deliberately wrong: the PEM is the truth.
        return """
            {"certificates": [
              {"identity": "spiffe://cluster.local/ns/shop/sa/cart", "state": "Available",
               "certChain": [{"pem": "\(pem(pki.workload.pem))", "serialNumber": "1", "validFrom": "2000-01-01T00:00:00Z", "expirationTime": "2099-01-01T00:00:00Z"},
                             {"pem": "\(pem(pki.issuing.pem))", "serialNumber": "2", "validFrom": "2000-01-01T00:00:00Z", "expirationTime": "2099-01-01T00:00:00Z"}],
               "rootCerts": [{"pem": "\(pem(pki.root.pem))"}]},
              {"identity": "spiffe://cluster.local/ns/shop/sa/web", "state": "Initializing"}
            ]}
            """
    }

    static let peerAuthentications = """
        apiVersion: v1
        kind: List
        items:
        - apiVersion: security.istio.io/v1beta1
          kind: PeerAuthentication
          metadata: {name: default, namespace: istio-system}
          spec: {mtls: {mode: STRICT}}
        - apiVersion: security.istio.io/v1beta1
          kind: PeerAuthentication
          metadata: {name: default, namespace: legacy}
          spec: {mtls: {mode: PERMISSIVE}}
        - apiVersion: security.istio.io/v1beta1
          kind: PeerAuthentication
          metadata: {name: payments, namespace: production}
          spec:
            selector: {matchLabels: {app: payments}}
            mtls: {mode: STRICT}
            portLevelMtls:
              "9090": {mode: DISABLE}
        - apiVersion: security.istio.io/v1beta1
          kind: PeerAuthentication
          metadata: {name: nothing-set, namespace: shop}
          spec: {}
        """
}
