import Crypto
import Foundation
import NIOCore
import NIOSSL
import _CryptoExtras

/// The client key as swift-nio-ssl sees it. BoringSSL asks it to sign only when the server sent a
/// CertificateRequest, which TLS 1.3 otherwise hides inside the encrypted handshake: being asked is
/// how the probe learns that the server wants a client certificate.
/// Without a configured identity the key is a stand-in that refuses to sign, so the probe learns the
/// same thing without ever presenting a certificate; the handshake then stops there.
struct ProbeSigningKey: NIOSSLCustomPrivateKey, Hashable {
    private let id = UUID()
    let key: ClientIdentity.SigningKey?

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.id == rhs.id }
    func hash(into hasher: inout Hasher) { hasher.combine(id) }

    var signatureAlgorithms: [SignatureAlgorithm] {
        switch key {
        case .none, .p256: [.ecdsaSecp256R1Sha256]
        case .p384: [.ecdsaSecp384R1Sha384]
        case .p521: [.ecdsaSecp521R1Sha512]
        case .rsa: [.rsaPssRsaeSha256, .rsaPssRsaeSha384, .rsaPssRsaeSha512, .rsaPkcs1Sha256, .rsaPkcs1Sha384, .rsaPkcs1Sha512]
        }
    }

    func sign(channel: any Channel, algorithm: SignatureAlgorithm, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        if let probe = try? channel.pipeline.syncOperations.handler(type: ProbeHandler.self) {
            probe.clientCertificateRequested = true
        }
        guard let key else { return channel.eventLoop.makeFailedFuture(ProbeFailure.clientCertificateWithheld) }
        do {
            let bytes = try Self.signature(key: key, algorithm: algorithm, data: Data(data.readableBytesView))
            return channel.eventLoop.makeSucceededFuture(ByteBuffer(bytes: bytes))
        } catch {
            return channel.eventLoop.makeFailedFuture(ProbeFailure.clientSignatureFailed)
        }
    }

    func decrypt(channel: any Channel, data: ByteBuffer) -> EventLoopFuture<ByteBuffer> {
        // Only RSA key exchange decrypts with the client key, and clients never do that.
        channel.eventLoop.makeFailedFuture(ProbeFailure.clientSignatureFailed)
    }

    private static func signature(key: ClientIdentity.SigningKey, algorithm: SignatureAlgorithm, data: Data) throws -> Data {
        switch (key, algorithm) {
        case (.p256(let key), _): return try key.signature(for: SHA256.hash(data: data)).derRepresentation
        case (.p384(let key), _): return try key.signature(for: SHA384.hash(data: data)).derRepresentation
        case (.p521(let key), _): return try key.signature(for: SHA512.hash(data: data)).derRepresentation
        case (.rsa(let key), .rsaPssRsaeSha256): return try key.signature(for: SHA256.hash(data: data), padding: .PSS).rawRepresentation
        case (.rsa(let key), .rsaPssRsaeSha384): return try key.signature(for: SHA384.hash(data: data), padding: .PSS).rawRepresentation
        case (.rsa(let key), .rsaPssRsaeSha512): return try key.signature(for: SHA512.hash(data: data), padding: .PSS).rawRepresentation
        case (.rsa(let key), .rsaPkcs1Sha256):
            return try key.signature(for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation
        case (.rsa(let key), .rsaPkcs1Sha384):
            return try key.signature(for: SHA384.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation
        case (.rsa(let key), .rsaPkcs1Sha512):
            return try key.signature(for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5).rawRepresentation
        case (.rsa, _): throw ProbeFailure.clientSignatureFailed
        }
    }
}
