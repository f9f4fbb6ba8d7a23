import Foundation
import Testing

/// Loads JSON fixtures produced by the committed R scripts in `Fixtures/`.
enum Fixture {
    static func url(_ name: String) throws -> URL {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil,
                                                 subdirectory: "Fixtures"))
        return url
    }

    /// Parsed with `JSONDecoder` (correctly rounded doubles); Linux `JSONSerialization`
    /// misreads 17-digit numbers by one ulp, which matters at 1e-10 near p = 1.
    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: url(name))
        return try #require(try JSONDecoder().decode(JSONValue.self, from: data).any as? [String: Any])
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOf: url(name), encoding: .utf8)
    }
}

/// A JSON tree decoded exactly; `any` turns it into Foundation-style values with `Double` numbers.
enum JSONValue: Decodable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var any: Any {
        switch self {
        case .null: return Double.nan
        case .bool(let b): return b
        case .number(let n): return n
        case .string(let s): return s
        case .array(let a): return a.map(\.any)
        case .object(let o): return o.mapValues(\.any)
        }
    }
}

extension Dictionary where Key == String, Value == Any {
    func d(_ key: String) -> Double {
        if let v = self[key] as? Double { return v }
        return .nan
    }
    func list(_ key: String) -> [[String: Any]] { (self[key] as? [[String: Any]]) ?? [] }
    func obj(_ key: String) -> [String: Any] { (self[key] as? [String: Any]) ?? [:] }
    func doubles(_ key: String) -> [Double] {
        if let v = self[key] as? Double { return [v] }
        return ((self[key] as? [Any]) ?? []).map { ($0 as? Double) ?? .nan }
    }
}
