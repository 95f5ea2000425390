import MeshCertCore

extension DumpAttributes {
    /// The attributes a dump gave, as `meshcert_cert_info` labels, in `Label.dumpAttributeKeys` order.
    var labels: [LabelPair] {
        let values: [(String, String?)] = [
            (Label.secretNamespace, secretNamespace), (Label.secretName, secretName), (Label.certificateName, certificateName),
            (Label.issuerName, issuerName), (Label.issuerKind, issuerKind), (Label.secretKey, secretKey),
            (Label.proxySecret, proxySecret), (Label.trustDomain, trustDomain), (Label.identity, identity),
        ]
        return values.compactMap { key, value in value.map { LabelPair(key, $0) } }
    }
}
