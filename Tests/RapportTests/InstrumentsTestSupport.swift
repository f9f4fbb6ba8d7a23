import Foundation
@testable import Rapport

/// Paths into the package for instrument tests (fixtures are read in place, by path,
/// exactly as a user's file would be).
enum InstrumentFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ relative: String) -> String {
        directory.appendingPathComponent(relative).path
    }

    static func files(in folder: String) -> [String] {
        let dir = directory.appendingPathComponent(folder)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter { $0.hasSuffix(".xml") }.sorted()
    }

    /// The line carrying `<!-- expect: CODE -->`, if the fixture has one (1-based).
    static func markedLine(_ path: String) -> (line: Int, code: String)? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if let r = line.range(of: "<!-- expect: ") {
                let code = line[r.upperBound...].prefix { $0 != " " }
                return (i + 1, String(code))
            }
        }
        return nil
    }

    static var example: String { packageRoot.appendingPathComponent("docs/examples/full-example.xml").path }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("rapport-instruments-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
