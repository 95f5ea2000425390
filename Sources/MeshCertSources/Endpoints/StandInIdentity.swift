import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The certificate that goes with the stand-in key: never sent, since the key refuses to sign first.
enum StandInIdentity {
    private static let cached: Result<NIOSSLCertificate, any Error> = Result {
        let now = Date()
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let name = try DistinguishedName { CommonName("meshcert-exporter client-certificate probe (never sent)") }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey, notValidBefore: now - 3600,
            notValidAfter: now + 3600, issuer: name, subject: name, extensions: Certificate.Extensions(), issuerPrivateKey: key
        )
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return try NIOSSLCertificate(bytes: serializer.serializedBytes, format: .der)
    }

    static func certificate() throws -> NIOSSLCertificate { try cached.get() }
}
