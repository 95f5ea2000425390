// swift-tools-version:6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "meshcert-exporter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "meshcert-exporter", targets: ["meshcert-exporter"]),
        .executable(name: "meshcert-bench", targets: ["meshcert-bench"]),
        .library(name: "MeshCertCore", targets: ["MeshCertCore"]),
        .library(name: "MeshCertParsers", targets: ["MeshCertParsers"]),
    ],
    // Exact versions: the build machines resolve packages from a local mirror that serves exactly
    // these, and an exact pin keeps every build (CI's fresh clone included) on the same code.
    dependencies: [
        .package(url: "https://github.com/apple/swift-certificates", exact: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", exact: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl", exact: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", exact: "1.8.0"),
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        // gzip for /metrics and /probe: zlib (the system's libz) behind a streaming deflate.
        .package(url: "https://github.com/adam-fowler/compress-nio", exact: "1.5.0"),
    ],
    targets: [
        // Parsers of outside bytes (PEM, base64, JSON, YAML dumps, Prometheus text, durations, sizes):
        // pure functions from bytes to values, so the fuzz harnesses build without NIO and BoringSSL-heavy
        // targets of our own. Never add NIO, Logging or MeshCertSources here.
        .target(
            name: "MeshCertParsers",
            dependencies: [
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        // Model and judgement: no I/O, no clock, no NIO.
        .target(
            name: "MeshCertCore",
            dependencies: [
                "MeshCertParsers",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // One file per input kind; failure is data, never a throw.
        .target(
            name: "MeshCertSources",
            dependencies: [
                "MeshCertCore",
                "MeshCertParsers",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        // Metric names, families and the text encoder. Families kept between scrapes are kept as
        // NIO buffers, handed to the socket without a copy.
        .target(
            name: "MeshCertExposition",
            dependencies: [
                "MeshCertCore", .product(name: "NIOCore", package: "swift-nio"), .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Certificate hierarchies built in code, for the demo, the tests and the benchmarks.
        .target(
            name: "MeshCertFixtures",
            dependencies: [
                "MeshCertCore",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: swiftSettings
        ),
        // Configuration, scrape coordination, HTTP routes, services.
        .target(
            name: "MeshCertServer",
            dependencies: [
                "MeshCertCore",
                "MeshCertSources",
                "MeshCertExposition",
                "MeshCertFixtures",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // @main only: parse arguments, call one function of the server module.
        .executableTarget(
            name: "meshcert-exporter",
            dependencies: [
                "MeshCertServer",
                "MeshCertExposition",
                "MeshCertSources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Fixture writer and parse timer for benchmarks/ and the end-to-end scripts.
        .executableTarget(
            name: "meshcert-bench",
            dependencies: [
                "MeshCertCore",
                "MeshCertFixtures",
                "MeshCertSources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MeshCertCoreTests",
            dependencies: ["MeshCertCore", "MeshCertTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MeshCertParsersTests",
            dependencies: ["MeshCertParsers"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MeshCertSourcesTests",
            dependencies: [
                "MeshCertSources",
                "MeshCertTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MeshCertExpositionTests",
            dependencies: ["MeshCertExposition", "MeshCertTestSupport"],
            resources: [.copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MeshCertServerTests",
            dependencies: [
                "MeshCertServer",
                "MeshCertTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // The test PKI, built in code relative to a fixed time.
        .target(
            name: "MeshCertTestSupport",
            dependencies: [
                "MeshCertCore",
                "MeshCertFixtures",
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Tests/MeshCertTestSupport",
            swiftSettings: swiftSettings
        ),
    ]
)
