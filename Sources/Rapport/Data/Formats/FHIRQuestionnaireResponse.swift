import Foundation

/// The parts of a FHIR R4 `QuestionnaireResponse` that Rapport reads, decoded with
/// Foundation's `JSONDecoder`. Unknown elements are ignored; nested items (groups, and items
/// under an answer) are followed.
struct FHIRQuestionnaireResponse: Decodable, Sendable {
    var resourceType: String?
    var id: String?
    var questionnaire: String?
    var status: String?
    var subject: Reference?
    var authored: String?
    var item: [Item]?

    struct Reference: Decodable, Sendable {
        var reference: String?
    }

    struct Item: Decodable, Sendable {
        var linkId: String?
        var answer: [Answer]?
        var item: [Item]?
    }

    /// An answer: exactly one `value[x]`, and possibly nested items.
    struct Answer: Decodable, Sendable {
        var value: Value
        var item: [Item]?

        enum Value: Sendable {
            case integer(Int)
            case decimal(Double)
            case coding(Coding)
            case string(String)
            /// Another `value[x]` type (`valueDate`, `valueBoolean`, …), by its element name.
            case unsupported(String)
            case none
        }

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            item = try c.decodeIfPresent([Item].self, forKey: Key(stringValue: "item"))
            value = .none
            for key in c.allKeys where key.stringValue.hasPrefix("value") {
                switch key.stringValue {
                case "valueInteger": value = .integer(try c.decode(Int.self, forKey: key))
                case "valueDecimal": value = .decimal(try c.decode(Double.self, forKey: key))
                case "valueCoding": value = .coding(try c.decode(Coding.self, forKey: key))
                case "valueString": value = .string(try c.decode(String.self, forKey: key))
                default: value = .unsupported(key.stringValue)
                }
            }
        }
    }

    struct Coding: Decodable, Sendable {
        var system: String?
        var code: String?
        var display: String?
        var `extension`: [Extension]?

        /// The `itemWeight` (SDC, R5) or `ordinalValue` (R4) extension's number, if present.
        var weight: Double? {
            for e in `extension` ?? [] {
                guard let url = e.url, url.hasSuffix("/itemWeight") || url.hasSuffix("/ordinalValue") else { continue }
                if let d = e.valueDecimal { return d }
                if let i = e.valueInteger { return Double(i) }
            }
            return nil
        }
    }

    struct Extension: Decodable, Sendable {
        var url: String?
        var valueDecimal: Double?
        var valueInteger: Int?
    }

    /// The answered items, depth first: `(linkId, answers)`.
    var answeredItems: [(linkId: String, answers: [Answer])] {
        var out: [(String, [Answer])] = []
        func walk(_ items: [Item]?) {
            for i in items ?? [] {
                if let a = i.answer, !a.isEmpty, let id = i.linkId { out.append((id, a)) }
                for a in i.answer ?? [] { walk(a.item) }
                walk(i.item)
            }
        }
        walk(item)
        return out
    }
}

/// A FHIR Bundle: only its entries' resources matter.
struct FHIRBundle: Decodable {
    var resourceType: String?
    var entry: [Entry]?

    /// An entry: its resource's type, and the resource when it is a QuestionnaireResponse.
    struct Entry: Decodable {
        var resourceType: String?
        var response: FHIRQuestionnaireResponse?

        private enum Key: String, CodingKey { case resource }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Key.self)
            resourceType = try c.decodeIfPresent(FHIRResourceProbe.self, forKey: .resource)?.resourceType
            response = resourceType == "QuestionnaireResponse"
                ? try c.decode(FHIRQuestionnaireResponse.self, forKey: .resource) : nil
        }
    }
}

/// Just a resource's type, to name it when it is not the expected one.
struct FHIRResourceProbe: Decodable {
    var resourceType: String?
}
