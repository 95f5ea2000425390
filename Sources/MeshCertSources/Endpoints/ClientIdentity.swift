import Crypto
import Foundation
import SwiftASN1
import MeshCertCore
import X509
import _CryptoExtras

/// A client certificate and its key, for endpoints that demand one. The key is held only to sign the
/// handshake; it is never printed, logged or exported, and errors about it name the file, not the content.
public struct ClientIdentity: Sendable {
    /// DER, leaf first.
    public let certificateChain: [[UInt8]]
    let key: SigningKey
    public let certificateFile: String
    public let keyFile: String

    enum SigningKey: Sendable {
        case p256(P256.Signing.PrivateKey)
        case p384(P384.Signing.PrivateKey)
        case p521(P521.Signing.PrivateKey)
        case rsa(_RSA.Signing.PrivateKey)

        var publicKey: Certificate.PublicKey {
            switch self {
            case .p256(let key): Certificate.PublicKey(key.publicKey)
            case .p384(let key): Certificate.PublicKey(key.publicKey)
            case .p521(let key): Certificate.PublicKey(key.publicKey)
            case .rsa(let key): Certificate.PublicKey(key.publicKey)
            }
        }
    }

    /// Reads a PEM certificate (chain) and a PEM key in PKCS#8, SEC1 or RSA (PKCS#1) form.
    public static func load(certificateFile: String, keyFile: String) throws(ClientIdentityError) -> ClientIdentity {
        let chain = try certificateDERs(certificateFile, missing: "holds no PEM CERTIFICATE block")
        guard let leafDER = chain.first else {
            throw ClientIdentityError(file: certificateFile, problem: "holds no PEM CERTIFICATE block")
        }
        guard let leaf = try? Certificate(derEncoded: leafDER) else {
            throw ClientIdentityError(file: certificateFile, problem: "its first certificate cannot be parsed")
        }
        let key = try parseKey(read(keyFile), file: keyFile)
        guard key.publicKey == leaf.publicKey else {
            throw ClientIdentityError(file: keyFile, problem: "does not match the certificate in \(ClientIdentityError.shown(certificateFile))")
        }
        return ClientIdentity(certificateChain: chain, key: key, certificateFile: certificateFile, keyFile: keyFile)
    }

    static func read(_ file: String) throws(ClientIdentityError) -> String {
        guard ClientIdentityError.shown(file) == file else {
            throw ClientIdentityError(file: file, problem: "is not a file path; write the PEM to a file and name that file")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ClientIdentityError(file: file, problem: FileManager.default.fileExists(atPath: file) ? "cannot be read" : "does not exist")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The certificate blocks of a PEM file as DER, read by the same scanner as every bundle: a key
    /// block beside them is passed over undecoded, and a broken certificate block is an error.
    static func certificateDERs(_ file: String, missing: String) throws(ClientIdentityError) -> [[UInt8]] {
        let found = CertificateBundleReader.pemCertificates(Array(try read(file).utf8))
        if let problem = found.problems.first { throw ClientIdentityError(file: file, problem: problem.message) }
        guard !found.ders.isEmpty else { throw ClientIdentityError(file: file, problem: missing) }
        return found.ders.map(\.der)
    }

    // Crypto's own errors are not passed on: they are generic, and nothing about the key's bytes may leak.
    static func parseKey(_ text: String, file: String) throws(ClientIdentityError) -> SigningKey {
        let blocks = (try? PEMDocument.parseMultiple(pemString: text)) ?? []
        let keyBlocks = blocks.filter { $0.discriminator.hasSuffix("PRIVATE KEY") }
        guard let block = keyBlocks.first else {
            throw ClientIdentityError(file: file, problem: "holds no PEM private key block (PRIVATE KEY, EC PRIVATE KEY or RSA PRIVATE KEY)")
        }
        guard keyBlocks.count == 1 else { throw ClientIdentityError(file: file, problem: "holds \(keyBlocks.count) private keys; expected one") }
        let der = block.derBytes
        switch block.discriminator {
        case "ENCRYPTED PRIVATE KEY":
            throw ClientIdentityError(file: file, problem: "is an encrypted PKCS#8 key; give the exporter an unencrypted key file")
        case "RSA PRIVATE KEY":
            if let key = try? _RSA.Signing.PrivateKey(derRepresentation: der) { return .rsa(key) }
            throw ClientIdentityError(file: file, problem: "RSA PRIVATE KEY block is not a valid PKCS#1 RSA key")
        case "EC PRIVATE KEY", "PRIVATE KEY":
            if let key = try? P256.Signing.PrivateKey(derRepresentation: der) { return .p256(key) }
            if let key = try? P384.Signing.PrivateKey(derRepresentation: der) { return .p384(key) }
            if let key = try? P521.Signing.PrivateKey(derRepresentation: der) { return .p521(key) }
            if block.discriminator == "PRIVATE KEY", let key = try? _RSA.Signing.PrivateKey(derRepresentation: der) { return .rsa(key) }
            throw ClientIdentityError(
                file: file, problem: "\(block.discriminator) block is not a P-256, P-384, P-521 or RSA key the exporter can use"
            )
        default:
            throw ClientIdentityError(file: file, problem: "\(block.discriminator) blocks are not supported; expected PKCS#8, SEC1 or RSA PEM")
        }
    }
}

/// A client certificate or key that cannot be used: the file and what is wrong with it, never its content.
public struct ClientIdentityError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var problem: String

    public var description: String { "\(Self.shown(file)): \(problem)" }

    /// A path as it may be shown: PEM text or a line break pasted where a path belongs is a secret
    /// (a key, most likely), so it is described, never echoed.
    static func shown(_ path: String) -> String {
        guard path.contains("-----") || path.contains(where: \.isNewline) || path.utf8.count > 4096 else { return path }
        return "(\(path.utf8.count) characters of text where a file path belongs, not shown)"
    }
}
