import Foundation
import MeshCertCore

/// `kind: spiffe_bundle`: SPIFFE bundle documents from files and federation endpoints (`https://`).
struct SPIFFEBundleSourceKind: SourceKindDefinition {
    let names = [SourceKind.spiffeBundle.rawValue]
    let keys: Set<String> = ["paths", "urls", "trust_domain", "interval", "timeout", "bearer_token_file", "basic_auth", "tls_config"]

    func settings(kind: String, fields: ConfigFields) throws(ConfigurationError) -> any SourceSettings {
        var options = SPIFFEBundleSource.Options()
        if let paths = fields["paths"] { options.paths = try paths.strings() }
        if let urls = fields["urls"] {
            options.urls = try urls.strings()
            for (index, url) in options.urls.enumerated() {
                try MeshStatsSourceKind.checkURL(
                    url, at: urls, index: index, schemes: ["https"], expected: "an https URL (a SPIFFE federation endpoint speaks HTTPS)"
                )
            }
        }
        guard !(options.paths.isEmpty && options.urls.isEmpty) else { throw fields.error("a spiffe_bundle source needs paths or urls") }
        if let domain = fields["trust_domain"] { options.trustDomain = try domain.scalar().lowercased() }
        if let interval = fields["interval"] { options.interval = try interval.duration() }
        if let timeout = fields["timeout"] { options.timeout = try timeout.duration() }
        options.credentials = try MeshStatsSourceKind.credentials(fields)
        return options
    }

    func commandLineSource(_ flags: CommandLineFlags) throws(ConfigurationError) -> CommandLineSource? { nil }
}

extension SPIFFEBundleSource.Options: SourceSettings {
    public var kind: SourceKind { .spiffeBundle }

    public func makeSource(_ descriptor: SourceDescriptor) -> SourceInstance {
        SourceInstance(SPIFFEBundleSource(descriptor: descriptor, options: self))
    }
}
