import MeshCertCore

extension DumpAttributes {
    /// The attributes a dump gave, as `meshcert_cert_info` labels, in `Label.dumpAttributeKeys` order.
    var labels: [LabelPair] {
        let (namespaceKey, nameKey, keyKey) =
            isConfigMap ? (Label.configMapNamespace, Label.configMapName, Label.configMapKey) : (Label.secretNamespace, Label.secretName, Label.secretKey)
        let values: [(String, String?)] = [
            (namespaceKey, secretNamespace), (nameKey, secretName), (Label.certificateName, certificateName),
            (Label.issuerName, issuerName), (Label.issuerKind, issuerKind), (keyKey, secretKey),
            (Label.proxySecret, proxySecret), (Label.trustDomain, trustDomain), (Label.identity, identity),
        ]
        return values.compactMap { key, value in value.map { LabelPair(key, $0) } }
    }
}
