// swift-tools-version: 6.1
// Hot-path benchmarks for Rapport, kept out of the main package so that its clean builds and
// `swift test` stay fast (swift-nio's layout). Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "RapportBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Rapport", path: ".."),
        // Without explicit traits the default trait pulls a package the mirror lacks.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "RapportBenchmarks",
            dependencies: [
                .product(name: "Rapport", package: "Rapport"),
                .product(name: "RapportStatistics", package: "Rapport"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/RapportBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
