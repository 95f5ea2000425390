extension CertificateSummary {
    /// The names of the fields in which two summaries differ, every field compared (`==` compares only
    /// fingerprints): for proving two ways of reading a certificate agree.
    public func differences(from other: CertificateSummary) -> [String] {
        var names: [String] = []
        func check(_ name: String, _ same: Bool) { if !same { names.append(name) } }
        check("fingerprintSHA256", fingerprintSHA256 == other.fingerprintSHA256)
        check("serialHex", serialHex == other.serialHex)
        check("version", version == other.version)
        // Byte for byte: String's == would call canonically equivalent texts equal.
        check("subject", subject.utf8.elementsEqual(other.subject.utf8))
        check("issuer", issuer.utf8.elementsEqual(other.issuer.utf8))
        check("subjectCN", subjectCN.utf8.elementsEqual(other.subjectCN.utf8))
        check("issuerCN", issuerCN.utf8.elementsEqual(other.issuerCN.utf8))
        check("notBefore", notBefore == other.notBefore)
        check("notAfter", notAfter == other.notAfter)
        check("basicConstraints", basicConstraints == other.basicConstraints)
        check("subjectKeyIdentifier", subjectKeyIdentifier == other.subjectKeyIdentifier)
        check("authorityKeyIdentifier", authorityKeyIdentifier == other.authorityKeyIdentifier)
        check("hasValidSelfSignature", hasValidSelfSignature == other.hasValidSelfSignature)
        check("spiffeID", spiffeID.utf8.elementsEqual(other.spiffeID.utf8))
        check("dnsNames", dnsNames.map { Array($0.utf8) } == other.dnsNames.map { Array($0.utf8) })
        check("ipAddresses", ipAddresses == other.ipAddresses)
        check("keyAlgorithm", keyAlgorithm == other.keyAlgorithm)
        check("signatureAlgorithm", signatureAlgorithm == other.signatureAlgorithm)
        check("extendedKeyUsage", extendedKeyUsage == other.extendedKeyUsage)
        check("parseWarnings", parseWarnings == other.parseWarnings)
        check("weakCrypto", weakCrypto == other.weakCrypto)
        return names
    }
}
