import ArgumentParser
import MeshCertExposition
import MeshCertServer

/// `--collector.NAME` / `--no-collector.NAME`, node_exporter's convention, one pair per entry of the
/// `ExpositionCollector` registry, whose names, defaults and help they take. A flag not given leaves
/// the YAML file's setting (or the default) alone. Two plain flags per entry rather than one with
/// `inversion: .prefixedNo`: ArgumentParser would spell the negation `--no_collector.NAME`, the names
/// holding underscores.
struct CollectorOptions: ParsableArguments {
    @Flag(name: .customLong(CollectorOptions.on(.certNotBefore)), help: CollectorOptions.help(.certNotBefore))
    var certNotBefore = false
    @Flag(name: .customLong(CollectorOptions.off(.certNotBefore)), help: CollectorOptions.offHelp(.certNotBefore))
    var noCertNotBefore = false

    @Flag(name: .customLong(CollectorOptions.on(.certExpiresIn)), help: CollectorOptions.help(.certExpiresIn))
    var certExpiresIn = false
    @Flag(name: .customLong(CollectorOptions.off(.certExpiresIn)), help: CollectorOptions.offHelp(.certExpiresIn))
    var noCertExpiresIn = false

    @Flag(name: .customLong(CollectorOptions.on(.certLifetime)), help: CollectorOptions.help(.certLifetime))
    var certLifetime = false
    @Flag(name: .customLong(CollectorOptions.off(.certLifetime)), help: CollectorOptions.offHelp(.certLifetime))
    var noCertLifetime = false

    @Flag(name: .customLong(CollectorOptions.on(.certLifetimeElapsedRatio)), help: CollectorOptions.help(.certLifetimeElapsedRatio))
    var certLifetimeElapsedRatio = false
    @Flag(name: .customLong(CollectorOptions.off(.certLifetimeElapsedRatio)), help: CollectorOptions.offHelp(.certLifetimeElapsedRatio))
    var noCertLifetimeElapsedRatio = false

    @Flag(name: .customLong(CollectorOptions.on(.certMTLSUsable)), help: CollectorOptions.help(.certMTLSUsable))
    var certMTLSUsable = false
    @Flag(name: .customLong(CollectorOptions.off(.certMTLSUsable)), help: CollectorOptions.offHelp(.certMTLSUsable))
    var noCertMTLSUsable = false

    @Flag(name: .customLong(CollectorOptions.on(.chainEarliestNotAfter)), help: CollectorOptions.help(.chainEarliestNotAfter))
    var chainEarliestNotAfter = false
    @Flag(name: .customLong(CollectorOptions.off(.chainEarliestNotAfter)), help: CollectorOptions.offHelp(.chainEarliestNotAfter))
    var noChainEarliestNotAfter = false

    @Flag(name: .customLong(CollectorOptions.on(.infoDNSNames)), help: CollectorOptions.help(.infoDNSNames))
    var infoDNSNames = false
    @Flag(name: .customLong(CollectorOptions.off(.infoDNSNames)), help: CollectorOptions.offHelp(.infoDNSNames))
    var noInfoDNSNames = false

    @Flag(name: .customLong(CollectorOptions.on(.infoIPAddresses)), help: CollectorOptions.help(.infoIPAddresses))
    var infoIPAddresses = false
    @Flag(name: .customLong(CollectorOptions.off(.infoIPAddresses)), help: CollectorOptions.offHelp(.infoIPAddresses))
    var noInfoIPAddresses = false

    @Flag(name: .customLong(CollectorOptions.on(.infoDumpLabels)), help: CollectorOptions.help(.infoDumpLabels))
    var infoDumpLabels = false
    @Flag(name: .customLong(CollectorOptions.off(.infoDumpLabels)), help: CollectorOptions.offHelp(.infoDumpLabels))
    var noInfoDumpLabels = false

    /// (on, off) as given on the command line, per registry entry: the switch makes the compiler
    /// refuse a registry entry without its flags.
    private func flags(_ collector: ExpositionCollector) -> (on: Bool, off: Bool) {
        switch collector {
        case .certNotBefore: (certNotBefore, noCertNotBefore)
        case .certExpiresIn: (certExpiresIn, noCertExpiresIn)
        case .certLifetime: (certLifetime, noCertLifetime)
        case .certLifetimeElapsedRatio: (certLifetimeElapsedRatio, noCertLifetimeElapsedRatio)
        case .certMTLSUsable: (certMTLSUsable, noCertMTLSUsable)
        case .chainEarliestNotAfter: (chainEarliestNotAfter, noChainEarliestNotAfter)
        case .infoDNSNames: (infoDNSNames, noInfoDNSNames)
        case .infoIPAddresses: (infoIPAddresses, noInfoIPAddresses)
        case .infoDumpLabels: (infoDumpLabels, noInfoDumpLabels)
        }
    }

    func validate() throws {
        for collector in ExpositionCollector.allCases where flags(collector) == (true, true) {
            throw ValidationError("--\(Self.on(collector)) and --\(Self.off(collector)) contradict each other; give one")
        }
    }

    /// The configuration with the command line's switches applied over the file's.
    func applied(to configuration: ExporterConfiguration) -> ExporterConfiguration {
        var configuration = configuration
        for collector in ExpositionCollector.allCases {
            switch flags(collector) {
            case (true, _): configuration.collectors.insert(collector)
            case (_, true): configuration.collectors.remove(collector)
            default: break
            }
        }
        return configuration
    }

    private static func on(_ collector: ExpositionCollector) -> String { "collector.\(collector.rawValue)" }

    private static func off(_ collector: ExpositionCollector) -> String { "no-collector.\(collector.rawValue)" }

    private static func help(_ collector: ExpositionCollector) -> ArgumentHelp {
        ArgumentHelp("Write \(collector.help) (default: \(collector.enabledByDefault ? "on" : "off")).")
    }

    private static func offHelp(_ collector: ExpositionCollector) -> ArgumentHelp {
        ArgumentHelp("Leave out what --\(on(collector)) writes.")
    }
}
