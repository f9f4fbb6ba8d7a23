import Foundation
import Testing

/// Every command's `--format <a|b|…>` in its help lists exactly the values it accepts (the
/// parser's own list, from the error for a bad value): `merge --help` once showed `text|json`
/// while it accepted md and html too.
@Suite struct HelpFormatsTests {
    static let commands: [[String]] = [
        ["score", "x.csv"], ["screen", "x.csv"], ["reliability", "x.csv"], ["merge", "x.json"], ["check", "x.csv"],
        ["audit", "x.csv", "--client", "c", "--session", "s"], ["agreement", "x.csv"],
        ["validate", "x.xml"], ["instruments", "list"], ["instruments", "export", "srs"],
    ]

    @Test(arguments: commands)
    func helpListsTheAcceptedFormats(_ command: [String]) throws {
        let r = try CLI.run(command + ["--format", "no-such-format"])
        // "The value 'no-such-format' is invalid for '--format <a|b>'. Please provide one of 'a', 'b' or 'c'."
        let shown = try #require(r.stderr.firstMatch(of: /for '--format <([^>]+)>'/), "\(command[0]): \(r.stderr)").1
        let accepted = try #require(r.stderr.firstMatch(of: /Please provide one of (.+)\./), "\(command[0])").1
            .matches(of: /'([^']+)'/).map { String($0.1) }
        #expect(Set(shown.split(separator: "|").map(String.init)) == Set(accepted), "\(command[0]) --format")
        #expect(r.status == 2 || r.status == 64)
    }
}
