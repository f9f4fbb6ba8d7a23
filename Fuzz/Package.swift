// swift-tools-version: 6.1
// libFuzzer targets for Rapport's parsers of untrusted input (issue 11 §7). A separate package,
// so the main package's builds stay unaffected. Build and run through scripts/fuzz.sh:
//   scripts/fuzz.sh FuzzCSV 600
// which builds with `-sanitize=fuzzer,address` and runs on a copy of Corpus/TARGET.
import PackageDescription

let package = Package(
    name: "RapportFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "Rapport", path: "..")],
    targets: [
        // Declares libFuzzer's driver for the targets' entry points.
        .target(name: "CFuzzerDriver"),
        // The CSV reader: header, chunking, record scanning, cell classification, shards.
        .executableTarget(name: "FuzzCSV", dependencies: ["CFuzzerDriver", .product(name: "Rapport", package: "Rapport")]),
        // The reader's newest options, chosen by the input: --encoding and UTF-16 byte-order marks,
        // decimal commas, --recode tables, answer labels, --where, --skip-rows and Qualtrics rows;
        // cross-checked across threads, row loops, encodings and shards.
        .executableTarget(name: "FuzzReaderOptions", dependencies: ["CFuzzerDriver", .product(name: "Rapport", package: "Rapport")]),
        // The instrument definition loader: UTF-8 check, libxml2, XSD, decoder, lint, then the
        // scorer, reliability plan and simulation model built from what it accepts.
        .executableTarget(name: "FuzzDefinition", dependencies: ["CFuzzerDriver", .product(name: "Rapport", package: "Rapport")]),
        // The --state-out decoder and validation, then merge and analysis of what it accepts.
        .executableTarget(name: "FuzzState", dependencies: [
            "CFuzzerDriver", .product(name: "Rapport", package: "Rapport"),
            .product(name: "RapportStatistics", package: "Rapport"),
        ]),
    ]
)
