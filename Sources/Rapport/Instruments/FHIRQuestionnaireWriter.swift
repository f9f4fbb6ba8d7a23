import Foundation

/// Writes an instrument as a FHIR R4 `Questionnaire` following the Structured Data Capture
/// (SDC) profile, for EHRs that collect the measure (`rapport instruments export ID --format fhir`).
///
/// - `id`, `version`, `url` (`https://rapport.dev/fhir/Questionnaire/ID`), the identifier
///   `https://rapport.dev/instrument|ID`, `title`, `copyright` = the licence note Rapport
///   prints when the instrument is used, and the citation in `purpose`.
/// - One item per definition item, in order: `linkId` = the item id (so responses map
///   back with no `--map`), `prefix` = its number, `text` = its short paraphrase (never the
///   published wording), `type` = `choice`.
/// - `answerOption.valueCoding` for each value of the item's response grid: `code` = the
///   value, `display` = its anchor label (the value itself when the grid point has no
///   anchor), and the `itemWeight` extension = the value. Declared missing and
///   not-applicable codes follow as options without a weight (`code` = the token).
///
/// The JSON is deterministic (sorted keys) so exports can be compared byte for byte.
public enum FHIRQuestionnaireWriter {
    public static let itemWeightURL = "http://hl7.org/fhir/StructureDefinition/itemWeight"
    public static let sdcProfile = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"

    /// The Questionnaire's canonical URL.
    public static func url(for instrument: Instrument) -> String {
        "https://rapport.dev/fhir/Questionnaire/\(instrument.id)"
    }

    /// The code system of a response scale's answers.
    public static func system(for instrument: Instrument, scale: ResponseScale) -> String {
        "https://rapport.dev/fhir/CodeSystem/\(instrument.id)/\(scale.id)"
    }

    public static func json(for instrument: Instrument) -> String {
        let q = questionnaire(instrument)
        // Encoding plain structs of strings and numbers cannot fail.
        return try! JSONOutput.encode(q)
    }

    static func questionnaire(_ i: Instrument) -> Questionnaire {
        var items: [Questionnaire.Item] = []
        for item in i.items {
            let scale = i.responseScale(for: item)
            var options: [Questionnaire.AnswerOption] = []
            if let scale {
                for v in grid(scale) {
                    let code = BlockBuilder<ValueCells>.format(v)
                    let display = scale.anchors.first { $0.value == v }?.label ?? code
                    options.append(.init(valueCoding: .init(
                        system: system(for: i, scale: scale), code: code, display: display,
                        extension: [.init(url: itemWeightURL, valueDecimal: v)])))
                }
                for c in scale.codes {
                    options.append(.init(valueCoding: .init(
                        system: system(for: i, scale: scale), code: c.token, display: c.label ?? c.token, extension: nil)))
                }
            }
            items.append(.init(linkId: item.id, prefix: String(item.number), text: item.label ?? "Item \(item.number)",
                               type: "choice", required: false, answerOption: options))
        }
        var purpose = i.provenance.citation
        if let doi = i.provenance.doi { purpose += purpose.isEmpty ? "doi:\(doi)" : " doi:\(doi)" }
        return Questionnaire(
            resourceType: "Questionnaire", id: i.id,
            meta: .init(profile: [sdcProfile]),
            url: url(for: i),
            identifier: [.init(system: "https://rapport.dev/instrument", value: i.id)],
            version: i.version, name: computableName(i), title: i.name, status: "active",
            subjectType: ["Patient"], language: i.language,
            description: i.description, purpose: purpose.isEmpty ? nil : purpose,
            copyright: i.licenceNotice, item: items)
    }

    /// `min, min + step, …, max`, each value rounded to the step's decimals.
    static func grid(_ s: ResponseScale) -> [Double] {
        let step = s.step > 0 ? s.step : 1
        let n = Int(((s.max - s.min) / step).rounded())
        guard n >= 0, n <= 10_000 else { return [] }
        let scale = pow(10, Double(s.decimals))
        return (0...n).map { k in ((s.min + Double(k) * step) * scale).rounded() / scale }
    }

    /// FHIR's `name`: a computer-friendly name, `[A-Z]([A-Za-z0-9_]){0,254}`.
    static func computableName(_ i: Instrument) -> String {
        var chars = i.abbreviation.unicodeScalars.map { c -> Character in
            (c.properties.isAlphabetic && c.isASCII) || ("0"..."9").contains(c) ? Character(c) : "_"
        }
        if chars.isEmpty || !(chars[0].isLetter) { chars.insert("Q", at: 0) }
        chars[0] = Character(chars[0].uppercased())
        return String(chars.prefix(255))
    }

    struct Questionnaire: Encodable {
        var resourceType: String
        var id: String
        var meta: Meta
        var url: String
        var identifier: [Identifier]
        var version: String
        var name: String
        var title: String
        var status: String
        var subjectType: [String]
        var language: String
        var description: String?
        var purpose: String?
        var copyright: String
        var item: [Item]

        struct Meta: Encodable { var profile: [String] }
        struct Identifier: Encodable {
            var system: String
            var value: String
        }
        struct Item: Encodable {
            var linkId: String
            var prefix: String
            var text: String
            var type: String
            var required: Bool
            var answerOption: [AnswerOption]
        }
        struct AnswerOption: Encodable { var valueCoding: Coding }
        struct Coding: Encodable {
            var system: String
            var code: String
            var display: String
            var `extension`: [Extension]?
        }
        struct Extension: Encodable {
            var url: String
            var valueDecimal: Double
        }
    }
}
