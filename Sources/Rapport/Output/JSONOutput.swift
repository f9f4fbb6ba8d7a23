import Foundation

/// The one JSON writer of Rapport's outputs (reports, state files, listings): keys sorted, so
/// the same values always give the same bytes; `/` unescaped; numbers in Swift's shortest
/// round-trip form; a newline at the end. Pretty (two-space indentation, one key a line) for
/// documents people read, compact (one line) for state files and `check`'s result.
package enum JSONOutput {
    package static func data<T: Encodable>(_ value: T, pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(value)
        data.append(0x0A)
        return data
    }

    package static func encode<T: Encodable>(_ value: T, pretty: Bool = true) throws -> String {
        String(decoding: try data(value, pretty: pretty), as: UTF8.self)
    }
}
