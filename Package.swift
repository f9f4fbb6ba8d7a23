// swift-tools-version: 6.1
import PackageDescription

/// Internal invariant checks (`_checkInvariants()`, as swift-collections' `COLLECTIONS_INTERNAL_CHECKS`):
/// compiled into debug builds — which is what `swift test` builds — and never into release
/// builds, the ones that ship and that the benchmarks time. They cost nothing where they are off.
let internalChecks: [SwiftSetting] = [.define("RAPPORT_INTERNAL_CHECKS", .when(configuration: .debug))]

let package = Package(
    name: "Rapport",
    platforms: [.macOS(.v15)],
    products: [
        // MARK: - Public API
        .library(name: "Rapport", targets: ["Rapport"]),
        .library(name: "RapportStatistics", targets: ["RapportStatistics"]),
        .executable(name: "rapport", targets: ["RapportCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // SHA-256 of input files (provenance) and HMAC-SHA256 pseudonyms (audit).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - Implementation details
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // ReadStat (SPSS/Stata input), loaded at run time: building needs no ReadStat headers.
        .target(name: "CReadStat", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "RapportStatistics", swiftSettings: internalChecks),
        // A SIGBUS guard for memory-mapped inputs that shrink while they are read.
        .target(name: "CInputGuard"),
        .target(
            name: "Rapport",
            dependencies: [
                "CLibXML2", "CInputGuard", "CReadStat", "RapportStatistics",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: internalChecks
        ),
        .executableTarget(
            name: "RapportCLI",
            dependencies: [
                "Rapport", "RapportStatistics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: internalChecks
        ),

        // MARK: - Tests
        // Helpers every test target shares (the one tolerance comparison); not a product.
        .target(name: "RapportTestSupport", path: "Tests/RapportTestSupport"),
        .testTarget(name: "RapportStatisticsTests", dependencies: ["RapportStatistics", "RapportTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: internalChecks),
        .testTarget(name: "RapportTests", dependencies: ["Rapport", "RapportStatistics", "CLibXML2", "RapportTestSupport"],
                    resources: [.copy("Fixtures")], swiftSettings: internalChecks),
        // Depends on the executable target: parsing, validate() and error messages are tested
        // in-process (`@testable import RapportCLI`); end-to-end runs spawn the built binary.
        .testTarget(name: "RapportCLITests",
                    dependencies: ["RapportCLI", "Rapport", "CLibXML2", "RapportTestSupport",
                                   .product(name: "ArgumentParser", package: "swift-argument-parser")],
                    exclude: ["Fixtures"], swiftSettings: internalChecks),
    ]
)
