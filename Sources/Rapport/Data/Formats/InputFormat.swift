/// The kind of response file, chosen by the file's extension (case-insensitive).
///
/// | Extension            | Format                          | Records are named by |
/// |----------------------|---------------------------------|----------------------|
/// | anything else, `-`   | CSV/TSV                         | line                 |
/// | `.sav`, `.zsav`      | SPSS system file (ReadStat)     | row (1-based)        |
/// | `.por`               | SPSS portable file (ReadStat)   | row                  |
/// | `.dta`               | Stata (ReadStat)                | row                  |
/// | `.ndjson`            | FHIR QuestionnaireResponse, one resource per line | line |
/// | `.json`              | FHIR Bundle of QuestionnaireResponses (or one resource) | entry |
///
/// Every format reaches the same ``ResponseReader`` interface: header names, then blocks
/// of rows with their record numbers, classified cell by cell exactly as CSV cells are.
public enum InputFormat: String, Sendable, Hashable, Codable, CaseIterable {
    case csv
    case sav
    case zsav
    case por
    case dta
    case fhirNDJSON = "fhir-ndjson"
    case fhirBundle = "fhir-bundle"

    /// The format of `path`, from its extension.
    public init(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            self = .csv
            return
        }
        switch name[name.index(after: dot)...].lowercased() {
        case "sav": self = .sav
        case "zsav": self = .zsav
        case "por": self = .por
        case "dta": self = .dta
        case "ndjson": self = .fhirNDJSON
        case "json": self = .fhirBundle
        default: self = .csv
        }
    }

    /// The format of an input: standard input is always CSV/TSV.
    public init(input: InputSource) {
        switch input {
        case let .file(path): self.init(path: path)
        case .standardInput: self = .csv
        }
    }

    /// Read through ReadStat (SPSS, Stata).
    public var usesReadStat: Bool { self == .sav || self == .zsav || self == .por || self == .dta }

    /// FHIR QuestionnaireResponse input: columns are linkIds, so items map by their id.
    public var isFHIR: Bool { self == .fhirNDJSON || self == .fhirBundle }

    /// What a record's number counts.
    public var recordUnit: RecordUnit {
        switch self {
        case .csv, .fhirNDJSON: .line
        case .sav, .zsav, .por, .dta: .row
        case .fhirBundle: .entry
        }
    }

    /// What a column is called in messages.
    public var columnNoun: String {
        switch self {
        case .csv: "column"
        case .sav, .zsav, .por, .dta: "variable"
        case .fhirNDJSON, .fhirBundle: "linkId"
        }
    }

    /// A short name for messages and the data summary.
    public var displayName: String {
        switch self {
        case .csv: "CSV"
        case .sav: "SPSS .sav"
        case .zsav: "SPSS .zsav"
        case .por: "SPSS portable .por"
        case .dta: "Stata .dta"
        case .fhirNDJSON: "FHIR QuestionnaireResponse NDJSON"
        case .fhirBundle: "FHIR Bundle"
        }
    }
}

/// What the number of a record (``Finding/line``, ``ResponseBlock/lines``) counts.
public enum RecordUnit: String, Sendable, Hashable, Codable {
    /// A 1-based line of a text file (CSV, NDJSON).
    case line
    /// A 1-based row (case, observation) of an SPSS or Stata file.
    case row
    /// A 1-based entry of a FHIR Bundle.
    case entry
}
