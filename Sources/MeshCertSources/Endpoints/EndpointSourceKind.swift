import MeshCertCore

/// `kind: endpoint` and `--endpoint`: remote TLS endpoints. Its settings are also those of a
/// `/probe` module; the `--endpoint.*` flags make the default module.
public struct EndpointSourceKind: SourceKindDefinition {
    public let names = [SourceKind.endpoint.rawValue]
    public let keys: Set<String> = Self.probeKeys.union(["targets", "concurrency"])

    /// How one target is probed: what a module, a source and a single target may set.
    public static let probeKeys: Set<String> = ["server_name", "client_cert", "client_key", "ca_file", "timeout", "starttls", "check_enforcement"]

    public init() {}

    public func settings(kind: String, fields: ConfigFields) throws(ConfigurationError) -> any SourceSettings {
        guard let targetsValue = fields["targets"] else { throw fields.error("an endpoint source needs targets (host:port)") }
        // Each item is host:port, or a mapping {target: host:port, …} that overrides the source's settings.
        let items: [ConfigValue]
        switch targetsValue.shape {
        case .list(let list): items = list
        case .scalar: items = [targetsValue]
        case .mapping: throw targetsValue.error("expected a list of host:port")
        }
        guard !items.isEmpty else { throw targetsValue.error("must name at least one host:port") }
        let shared = try Self.probeOptions(fields)
        var targets: [EndpointTarget] = []
        var perTarget: [EndpointTarget: EndpointOptions] = [:]
        for item in items {
            var targetValue = item
            var own: ConfigFields?
            if case .mapping = item.shape {
                let itemFields = try item.fields(allowed: Self.probeKeys.union(["target"]))
                guard let value = itemFields["target"] else { throw item.error("needs target: host:port") }
                targetValue = value
                own = itemFields.removing("target")
            }
            let text = try targetValue.scalar()
            guard let target = EndpointTarget(parsing: text) else {
                throw targetValue.error("'\(text)' is not host:port (IPv6 in brackets: [::1]:443)")
            }
            targets.append(target)
            if let own, !own.entries.isEmpty {
                perTarget[target] = try Self.probeOptions(fields.merging(own))
            }
        }
        var options = TLSEndpointSource.Options(targets: targets, endpoint: shared, perTarget: perTarget)
        if let concurrency = fields["concurrency"] {
            options.concurrency = try concurrency.integer(in: 1...10_000, expected: "a positive whole number of probes at once, e.g. 64")
        }
        return options
    }

    public func commandLineSource(_ flags: CommandLineFlags) throws(ConfigurationError) -> CommandLineSource? {
        guard !flags["endpoint"].isEmpty else { return nil }
        let fields = [("targets", ConfigValue.flag("endpoint", flags["endpoint"]))] + flags.fields(Self.flagKeys + [("endpoint.concurrency", "concurrency")])
        return CommandLineSource(name: "endpoints", kind: SourceKind.endpoint.rawValue, fields: fields)
    }

    /// The flags that set how a target is probed, and their keys.
    static let flagKeys: [(flag: String, key: String)] = [
        ("endpoint.server-name", "server_name"), ("endpoint.client-cert", "client_cert"), ("endpoint.client-key", "client_key"),
        ("endpoint.ca-file", "ca_file"), ("endpoint.timeout", "timeout"), ("endpoint.starttls", "starttls"),
        ("endpoint.check-enforcement", "check_enforcement"),
    ]

    /// What a `/probe` module takes: how to probe, and which targets a request may name.
    public static let moduleKeys: Set<String> = probeKeys.union(["allowed_targets"])

    /// `/probe`'s default module: the `--endpoint.*` flags and `--probe.allowed-target`, checked like
    /// any module. Without an allowlist it presents no client certificate, since a request names the host.
    public static func defaultModule(_ flags: CommandLineFlags) throws(ConfigurationError) -> EndpointOptions {
        var given = flags.fields(flagKeys)
        if !flags["probe.allowed-target"].isEmpty {
            given.append(("allowed_targets", .flag("probe.allowed-target", flags["probe.allowed-target"])))
        } else {
            given.removeAll { $0.0 == "client_cert" || $0.0 == "client_key" }
        }
        return try moduleOptions(try ConfigValue.mapping(given, key: "").fields(allowed: nil))
    }

    /// A `/probe` module. One that presents a client certificate must say where it may go: `/probe`
    /// connects wherever a request says, and would hand the certificate to any host.
    public static func moduleOptions(_ fields: ConfigFields) throws(ConfigurationError) -> EndpointOptions {
        var options = try probeOptions(fields)
        if let allowed = fields["allowed_targets"] {
            let texts = try allowed.strings()
            guard !texts.isEmpty else { throw allowed.error("must name at least one pattern, e.g. '*.svc.cluster.local:443' or '10.0.0.0/8'") }
            for text in texts {
                guard let pattern = TargetPattern(text) else {
                    throw allowed.error("'\(LogText.escaped(text))' is not a host, glob, address or CIDR block with an optional :port, e.g. '*.svc.cluster.local:443'")
                }
                options.allowedTargets.append(pattern)
            }
        } else if let certificate = fields["client_cert"] {
            throw certificate.error("a module that presents a client certificate needs allowed_targets: /probe connects wherever a request says")
        }
        return options
    }

    /// The probe settings of a source, a target or a module. Files are read here, so a missing or
    /// unusable key file stops the start with its name, not the first scrape; a key is never quoted.
    public static func probeOptions(_ fields: ConfigFields) throws(ConfigurationError) -> EndpointOptions {
        var options = EndpointOptions()
        if let nameValue = fields["server_name"] {
            let name = try nameValue.scalar()
            guard !name.isEmpty, !name.contains(where: { $0.isWhitespace || $0 == "/" || $0 == ":" }) || IPLiteral.isLiteral(name) else {
                throw nameValue.error("'\(name)' is not a host name")
            }
            options.serverName = name
        }
        switch (fields["client_cert"], fields["client_key"]) {
        case (nil, nil): break
        case (let certValue?, let keyValue?):
            let certificateFile = try certValue.scalar()
            let keyFile = try keyValue.scalar()
            do {
                options.clientIdentity = try ClientIdentity.load(certificateFile: certificateFile, keyFile: keyFile)
            } catch {
                throw (error.file == keyFile ? keyValue : certValue).error(error.description)
            }
        case (let certValue?, nil): throw certValue.error("needs client_key beside it")
        case (nil, let keyValue?): throw keyValue.error("needs client_cert beside it")
        }
        if let caValue = fields["ca_file"] {
            let file = try caValue.scalar()
            do {
                options.trustRoots = try EndpointOptions.loadTrustRoots(file: file)
                options.trustFile = file
            } catch {
                throw caValue.error(error.description)
            }
        }
        if let timeout = fields["timeout"] { options.timeout = try timeout.duration() }
        if let enforcement = fields["check_enforcement"] { options.checkEnforcement = try enforcement.boolean() }
        if let startValue = fields["starttls"] {
            let text = try startValue.scalar()
            guard let proto = StartTLSProtocol(rawValue: text) else {
                throw startValue.error("'\(text)' is not supported; expected smtp or postgres")
            }
            options.startTLS = proto
        }
        return options
    }
}

extension TLSEndpointSource.Options: SourceSettings {
    public var kind: SourceKind { .endpoint }

    public func makeSource(_ descriptor: SourceDescriptor) -> SourceInstance {
        SourceInstance(TLSEndpointSource(descriptor: descriptor, options: self))
    }
}

extension SourceSettings where Self == TLSEndpointSource.Options {
    /// `SourceConfiguration(name:, input: .endpoints(…))`.
    public static func endpoints(_ options: TLSEndpointSource.Options) -> TLSEndpointSource.Options { options }
}
