// swift-tools-version:6.0
// libFuzzer harnesses for the parsers of outside bytes. A package of its own, depending on the root
// by path, so an ordinary `swift build` never compiles or links them, and the sanitized build
// (scripts/fuzz.sh, scratch path .build-fuzz) compiles only MeshCertParsers, MeshCertCore and what
// they need: no NIO, no Hummingbird, no server.
//
// Adding a harness is one file: create Harnesses/<Name>/<Name>.swift with a
// `@_cdecl("LLVMFuzzerTestOneInput")` function and an `@main` type whose `main()` calls
// `runFuzzer(thatFunction)` (copy FuzzDurationSize.swift), add "<Name>" to `harnesses` below (and a
// module it needs to `dependencies`), and put a few seed inputs in Corpus/<Name>/.
// scripts/fuzz.sh builds and runs every name listed here.
import PackageDescription

let harnesses = ["FuzzPEMCertificates", "FuzzJSONTree", "FuzzYAMLDump", "FuzzPrometheusText", "FuzzDurationSize", "FuzzRequestText", "FuzzPKCS7", "FuzzCertificateFields"]

let dependencies: [Target.Dependency] = [
    "FuzzSupport",
    .product(name: "MeshCertParsers", package: "meshcert-exporter"),
    .product(name: "MeshCertCore", package: "meshcert-exporter"),
]

let package = Package(
    name: "meshcert-fuzz",
    platforms: [.macOS(.v15)],
    products: harnesses.map { .executable(name: $0, targets: [$0]) },
    dependencies: [.package(name: "meshcert-exporter", path: "..")],
    targets: [
        .target(name: "CFuzzDriver", path: "Support/CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "Support/FuzzSupport"),
    ] + harnesses.map { name in
        .executableTarget(
            name: name,
            dependencies: dependencies,
            path: "Harnesses/\(name)",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    }
)
