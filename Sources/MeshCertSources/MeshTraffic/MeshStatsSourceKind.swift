import Foundation
import MeshCertCore

/// `kind: mesh_stats` and `--mesh.*`: the mesh's own traffic counters, for the mTLS share.
struct MeshStatsSourceKind: SourceKindDefinition {
    let names = [SourceKind.meshStats.rawValue]
    let keys = Set(["urls", "files", "prometheus_url", "interval", "window", "min_events", "timeout"]).union(Self.httpKeys)

    /// Prometheus' `http_config` keys, for the URLs and the Prometheus server.
    static let httpKeys: Set<String> = ["bearer_token_file", "basic_auth", "tls_config"]

    func settings(kind: String, fields: ConfigFields) throws(ConfigurationError) -> any SourceSettings {
        var options = MeshStatsSource.Options()
        if let urls = fields["urls"] {
            options.urls = try urls.strings()
            for (index, url) in options.urls.enumerated() { try Self.checkURL(url, at: urls, index: index) }
        }
        if let files = fields["files"] { options.files = try files.strings() }
        if let url = fields["prometheus_url"] {
            options.prometheusURL = try url.scalar()
            try Self.checkURL(options.prometheusURL ?? "", at: url, index: nil)
        }
        if let interval = fields["interval"] { options.interval = try interval.duration() }
        if let window = fields["window"] { options.window = try window.duration() }
        if let timeout = fields["timeout"] { options.timeout = try timeout.duration() }
        if let minimum = fields["min_events"] {
            options.minimumEvents = try minimum.number(in: 0...1e15, expected: "a number of events, e.g. 10")
        }
        options.credentials = try Self.credentials(fields)
        guard !(options.urls.isEmpty && options.files.isEmpty && options.prometheusURL == nil) else {
            throw fields.error("a mesh_stats source needs urls, files or prometheus_url")
        }
        return options
    }

    /// The URL as shown in messages has no credentials: `user:password@` and the query are cut. The
    /// error points at the list item when `value` is a list.
    static func checkURL(
        _ url: String, at value: ConfigValue, index: Int?, schemes: Set<String> = ["http", "https"], expected: String = "an http(s) URL"
    ) throws(ConfigurationError) {
        guard let parsed = URL(string: url), parsed.host != nil, schemes.contains(parsed.scheme?.lowercased() ?? "") else {
            var place = value
            if let index, case .list(let items) = value.shape, index < items.count { place = items[index] }
            throw place.error("'\(RedactedURL.shown(url))' is not \(expected)")
        }
    }

    /// `bearer_token_file`, `basic_auth` and `tls_config` as Prometheus spells them. Files are checked
    /// now, so a missing one stops the start with its key; their content is never quoted.
    static func credentials(_ fields: ConfigFields) throws(ConfigurationError) -> HTTPCredentials {
        var credentials = HTTPCredentials()
        if let token = fields["bearer_token_file"] {
            credentials.bearerTokenFile = try readableFile(token)
        }
        if let basic = fields["basic_auth"] {
            let auth = try basic.fields(allowed: ["username", "password", "password_file"])
            guard let username = auth["username"] else { throw basic.error("needs username") }
            guard credentials.bearerTokenFile == nil else { throw basic.error("give bearer_token_file or basic_auth, not both") }
            credentials.basicAuthUsername = try username.scalar()
            if let password = auth["password"] { credentials.basicAuthPassword = try password.scalar() }
            if let file = auth["password_file"] { credentials.basicAuthPasswordFile = try readableFile(file) }
        }
        if let tlsValue = fields["tls_config"] {
            let tls = try tlsValue.fields(allowed: ["ca_file", "cert_file", "key_file", "insecure_skip_verify"])
            var settings = HTTPTLSSettings()
            settings.caFile = try tls["ca_file"].map { value throws(ConfigurationError) in try readableFile(value) }
            settings.certFile = try tls["cert_file"].map { value throws(ConfigurationError) in try readableFile(value) }
            settings.keyFile = try tls["key_file"].map { value throws(ConfigurationError) in try readableFile(value) }
            guard (settings.certFile == nil) == (settings.keyFile == nil) else { throw tlsValue.error("cert_file and key_file go together") }
            if let skip = tls["insecure_skip_verify"] {
                let text = try skip.scalar()
                guard let value = Bool(text) else { throw skip.error("expected true or false") }
                settings.insecureSkipVerify = value
            }
            do {
                _ = try settings.configuration()
            } catch {
                throw tlsValue.error("cannot be used: the files are not PEM certificates and an unencrypted PEM key")
            }
            credentials.tls = settings
        }
        return credentials
    }

    private static func readableFile(_ value: ConfigValue) throws(ConfigurationError) -> String {
        let path = try value.scalar()
        guard ClientIdentityError.shown(path) == path else { throw value.error("is not a file path; write the secret to a file and name that file") }
        guard FileManager.default.isReadableFile(atPath: path) else { throw value.error("\(LogText.escaped(path)) cannot be read") }
        return path
    }

    func commandLineSource(_ flags: CommandLineFlags) throws(ConfigurationError) -> CommandLineSource? {
        guard !flags["mesh.stats-url"].isEmpty || !flags["mesh.stats-file"].isEmpty || !flags["mesh.prometheus-url"].isEmpty else {
            return nil
        }
        var fields: [(String, ConfigValue)] = []
        if !flags["mesh.stats-url"].isEmpty { fields.append(("urls", .flag("mesh.stats-url", flags["mesh.stats-url"]))) }
        if !flags["mesh.stats-file"].isEmpty { fields.append(("files", .flag("mesh.stats-file", flags["mesh.stats-file"]))) }
        fields += flags.fields([
            ("mesh.prometheus-url", "prometheus_url"), ("mesh.interval", "interval"), ("mesh.window", "window"),
            ("mesh.min-events", "min_events"), ("mesh.timeout", "timeout"),
        ])
        return CommandLineSource(name: "mesh", kind: SourceKind.meshStats.rawValue, fields: fields)
    }
}

extension MeshStatsSource.Options: SourceSettings {
    public var kind: SourceKind { .meshStats }

    public func makeSource(_ descriptor: SourceDescriptor) -> SourceInstance {
        let source = MeshStatsSource(descriptor: descriptor, options: self)
        return SourceInstance(
            descriptor: descriptor, targets: source.targets, traffic: source, activity: urls.isEmpty ? nil : MeshStatsPolling(source: source)
        )
    }
}

extension SourceSettings where Self == MeshStatsSource.Options {
    /// `SourceConfiguration(name:, input: .meshStats(…))`.
    public static func meshStats(_ options: MeshStatsSource.Options) -> MeshStatsSource.Options { options }
}
