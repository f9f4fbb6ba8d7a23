// swift-tools-version: 6.1
import PackageDescription

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
        .target(name: "RapportStatistics"),
        .target(
            name: "Rapport",
            dependencies: [
                "CLibXML2", "CReadStat", "RapportStatistics",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "RapportCLI",
            dependencies: [
                "Rapport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Tests
        .testTarget(name: "RapportStatisticsTests", dependencies: ["RapportStatistics"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RapportTests", dependencies: ["Rapport"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "RapportCLITests", dependencies: ["Rapport"], exclude: ["Fixtures"]),
    ]
)
