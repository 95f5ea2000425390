import Foundation
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// Judges a presented chain against a trust bundle at a given time, and says every reason it fails:
/// the path is built once with no time rule (does it lead to a trusted root at all?), then time,
/// name and key usage are judged on their own, so an expired chain from an unknown CA shows both.
public struct ChainVerifier: Sendable {
    public let trustRoots: [Certificate]

    public init(trustRoots: [Certificate]) {
        self.trustRoots = trustRoots
    }

    /// `presented` is leaf first, as the server sent it. `serverName` is a DNS name or an IP literal.
    public func verify(location: String, presented: [Certificate], serverName: String?, now: Date) async -> ChainVerification {
        guard let leaf = presented.first else {
            return ChainVerification(location: location, verified: false, reasons: [.unknownAuthority])
        }
        let intermediates = CertificateStore(presented.dropFirst())
        let roots = CertificateStore(trustRoots)
        let identity = serverName.map { name in
            IPLiteral.isLiteral(name)
                ? ServerIdentityPolicy(serverHostname: nil, serverIP: name)
                : ServerIdentityPolicy(serverHostname: name, serverIP: nil)
        }

        var reasons: Set<ChainVerifyReason> = []
        var pathVerifier = Verifier(rootCertificates: roots) { AnyPathPolicy() }
        let path: [Certificate]
        switch await pathVerifier.validate(leaf: leaf, intermediates: intermediates) {
        case .validCertificate(let chain):
            path = Array(chain)
        case .couldNotValidate:
            path = presented
            reasons.insert(Self.isSelfSigned(leaf) ? .selfSignedLeaf : .unknownAuthority)
        }
        if path.contains(where: { $0.notValidAfter < now }) { reasons.insert(.expired) }
        if path.contains(where: { $0.notValidBefore > now }) { reasons.insert(.notYetValid) }
        if let identity {
            // The leaf as its own root: only the name rule is judged here.
            var nameVerifier = Verifier(rootCertificates: CertificateStore([leaf])) {
                identity
                AnyPathPolicy()
            }
            if case .couldNotValidate = await nameVerifier.validate(leaf: leaf, intermediates: CertificateStore()) {
                reasons.insert(.nameMismatch)
            }
        }
        if let usage = try? leaf.extensions.extendedKeyUsage,
            !usage.contains(.serverAuth), !usage.contains(.any)
        {
            reasons.insert(.badKeyUsage)
        }

        var verified = false
        if reasons.isEmpty {
            // Everything judged above passed: RFC 5280 in full (basic constraints, key usage, path length…) decides.
            var full = Verifier(rootCertificates: roots) {
                RFC5280Policy(fixedExpiryValidationTime: now)
                AnyPathPolicy()
            }
            switch await full.validate(leaf: leaf, intermediates: intermediates) {
            case .validCertificate: verified = true
            case .couldNotValidate: reasons.insert(.unknownAuthority)
            }
        }
        return ChainVerification(location: location, verified: verified, reasons: reasons.sorted())
    }

    /// Names itself as issuer and its signature verifies with its own key.
    public static func isSelfSigned(_ certificate: Certificate) -> Bool {
        certificate.subject == certificate.issuer && certificate.publicKey.isValidSignature(certificate.signature, for: certificate)
    }
}

/// Accepts every chain the verifier can build by signatures; it only declares the critical extensions
/// other rules judge, so that a leaf is not refused for carrying them.
struct AnyPathPolicy: VerifierPolicy {
    let verifyingCriticalExtensions: [ASN1ObjectIdentifier] = [
        .X509ExtensionID.basicConstraints, .X509ExtensionID.keyUsage, .X509ExtensionID.extendedKeyUsage,
        .X509ExtensionID.subjectAlternativeName, .X509ExtensionID.nameConstraints,
    ]

    mutating func chainMeetsPolicyRequirements(chain: UnverifiedCertificateChain) async -> PolicyEvaluationResult {
        .meetsPolicy
    }
}

/// Tells an IP literal (v4 or v6) from a host name without resolving anything.
public enum IPLiteral {
    public static func isLiteral(_ text: String) -> Bool {
        if text.contains(":") { return true }  // only IPv6 literals hold a colon here; ports are split off before
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber) && Int(part)! <= 255
        }
    }
}
