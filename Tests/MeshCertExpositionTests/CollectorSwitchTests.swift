import Foundation
import MeshCertCore
import MeshCertTestSupport
import Testing

@testable import MeshCertExposition

@Suite("Cardinality switches")
struct CollectorSwitchTests {
    private func lines(_ collectors: ExpositionCollectors) -> [String] {
        let snapshot = ExpositionTests.snapshot(location: "shop/cart-tls/tls.crt", attributes: ExpositionTests.secretAttributes)
        let text = String(decoding: ExpositionEncoder.encode(SnapshotFamilies.build(snapshot, collectors: collectors)), as: UTF8.self)
        return text.split(separator: "\n").map(String.init)
    }

    @Test("each family switch removes exactly its family: its HELP, TYPE and samples, nothing else", arguments: ExpositionCollector.allCases)
    func familySwitch(_ collector: ExpositionCollector) throws {
        var without = ExpositionCollectors.all
        without.remove(collector)
        let all = lines(.all)
        let rest = lines(without)
        if let family = collector.family {
            let removed = all.filter { !rest.contains($0) }
            #expect(rest.allSatisfy(all.contains))
            #expect(!removed.isEmpty)
            #expect(removed.allSatisfy { $0.hasPrefix(family.name + "{") || $0 == "# HELP \(family.name) \(family.help)" || $0 == "# TYPE \(family.name) gauge" })
            #expect(removed.count == all.filter { $0.contains(family.name) }.count)
        } else {
            // A label switch changes meshcert_cert_info lines only, each by exactly its labels.
            let keys: [String] =
                switch collector {
                case .infoDNSNames: [Label.dnsNames]
                case .infoIPAddresses: [Label.ipAddresses]
                default: Label.dumpAttributeKeys
                }
            #expect(all.count == rest.count)
            for (before, after) in zip(all, rest) where before != after {
                #expect(before.hasPrefix("meshcert_cert_info{"))
                var stripped = before
                for key in keys {
                    stripped = stripped.replacingOccurrences(of: #",\#(key)="[^"]*""#, with: "", options: .regularExpression)
                }
                #expect(stripped == after)
            }
            #expect(zip(all, rest).contains { $0 != $1 })
        }
    }

    @Test("the defaults leave out what PromQL derives, and keep what the shipped alerts need")
    func defaults() {
        let text = lines(.defaults).joined(separator: "\n")
        for family in [Metric.certExpiresIn, Metric.certLifetime, Metric.certLifetimeElapsed, Metric.certMTLSUsable, Metric.chainEarliestNotAfter] {
            #expect(!text.contains(family.name))
        }
        for family in [Metric.certNotAfter, Metric.certNotBefore, Metric.certExpiryState, Metric.certInfo, Metric.certRotations, Metric.chainIssuerExpiresFirst] {
            #expect(text.contains(family.name + "{"))
        }
    }

    @Test("names are unique and switch on and off through the bit set")
    func registry() {
        #expect(Set(ExpositionCollector.allCases.map(\.rawValue)).count == ExpositionCollector.allCases.count)
        var collectors = ExpositionCollectors.minimum
        for collector in ExpositionCollector.allCases {
            #expect(!collectors.contains(collector))
            collectors.set(collector, true)
            #expect(collectors.contains(collector))
        }
        #expect(collectors == .all)
        #expect(ExpositionCollectors.defaults.enabled == ExpositionCollector.allCases.filter(\.enabledByDefault))
    }
}
