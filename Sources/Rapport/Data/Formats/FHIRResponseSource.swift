#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// FHIR R4 QuestionnaireResponse input: NDJSON (`.ndjson`, one resource per line, streamed)
/// or a Bundle (`.json`, read whole; a single QuestionnaireResponse is also accepted).
///
/// Columns, in this order:
/// - `id`, `questionnaire`, `status`, `subject` (`subject.reference`, the ID column to pass
///   to `--id`), `authored` (the session date for `rapport audit --session authored`);
/// - then one column per answered `linkId`, in order of first appearance.
///
/// A cell holds the answer's `valueInteger` or `valueDecimal`; for `valueCoding`, the
/// `itemWeight` / `ordinalValue` extension's number when present, else the `code`;
/// `valueString` as text. An unanswered item is an empty (missing) cell. Items map by their
/// id, so the responses to a Questionnaire from `rapport instruments export --format fhir`
/// need no `--map`.
///
/// Refused, with exit 2 and the line or entry: a resource that is not a
/// QuestionnaireResponse, JSON that does not decode, an item answered twice, another value
/// type, and (when reading) a linkId that no item being read maps to.
final class FHIRResponseSource: RecordSource {
    static let metaColumns = ["id", "questionnaire", "status", "subject", "authored"]

    let format: InputFormat
    let path: String
    let header: [String]
    let size: Int?
    /// Record number where each column was first answered (meta columns: 1).
    private let firstSeen: [Int]
    /// Bundle only: the responses and their entry numbers.
    private let bundle: [(entry: Int, response: FHIRQuestionnaireResponse)]?

    init(path: String, format: InputFormat) throws(DataError) {
        self.path = path
        self.format = format
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw DataError(.io, file: path, message: "cannot open the file: \(String(cString: strerror(errno)))", format: format)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.io, file: path, message: "is a directory, not a data file", format: format)
        }
        size = Int(st.st_size)

        var columns = Self.metaColumns
        var index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { ($1, $0) })
        var seen = Array(repeating: 1, count: columns.count)
        func collect(_ r: FHIRQuestionnaireResponse, record: Int) throws(DataError) {
            var here = Set<String>()
            for (linkId, answers) in r.answeredItems {
                if Self.metaColumns.contains(linkId) {
                    throw DataError(.unreadable, file: path, line: record, columnName: linkId,
                                    message: "the linkId is also the name of a column Rapport derives from the resource (\(Self.metaColumns.joined(separator: ", "))); rename the item",
                                    format: format)
                }
                guard here.insert(linkId).inserted, answers.count == 1 else {
                    throw DataError(.unreadable, file: path, line: record, columnName: linkId,
                                    message: "the item is answered more than once in one response; Rapport reads one answer per item",
                                    format: format)
                }
                if index[linkId] == nil {
                    index[linkId] = columns.count
                    columns.append(linkId)
                    seen.append(record)
                }
            }
        }

        if format == .fhirBundle {
            let responses = try Self.readBundle(path: path, format: format)
            for (entry, r) in responses { try collect(r, record: entry) }
            bundle = responses
        } else {
            guard let lines = LineReader(path: path) else {
                throw DataError(.io, file: path, message: "cannot open the file: \(String(cString: strerror(errno)))", format: format)
            }
            while let (line, bytes) = lines.next() {
                guard !Self.isBlank(bytes) else { continue }
                try collect(try Self.decode(bytes, line: line, path: path), record: line)
            }
            bundle = nil
        }
        header = columns
        firstSeen = seen
    }

    private static func isBlank(_ bytes: [UInt8]) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Decodes one NDJSON line.
    static func decode(_ bytes: [UInt8], line: Int, path: String) throws(DataError) -> FHIRQuestionnaireResponse {
        let data = Data(bytes)
        let decoder = JSONDecoder()
        let r: FHIRQuestionnaireResponse
        do {
            r = try decoder.decode(FHIRQuestionnaireResponse.self, from: data)
        } catch {
            let type = (try? decoder.decode(FHIRResourceProbe.self, from: data))?.resourceType
            if let type, type != "QuestionnaireResponse" { throw wrongType(type, line: line, path: path, format: .fhirNDJSON) }
            throw DataError(.unreadable, file: path, line: line,
                            message: "not a QuestionnaireResponse Rapport can read: \(describe(error))", format: .fhirNDJSON)
        }
        guard r.resourceType == "QuestionnaireResponse" else {
            throw wrongType(r.resourceType, line: line, path: path, format: .fhirNDJSON)
        }
        return r
    }

    private static func readBundle(path: String, format: InputFormat) throws(DataError) -> [(entry: Int, response: FHIRQuestionnaireResponse)] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DataError(.io, file: path, message: "cannot read the file: \(error.localizedDescription)", format: format)
        }
        let decoder = JSONDecoder()
        let type: String?
        do {
            type = try decoder.decode(FHIRResourceProbe.self, from: data).resourceType
        } catch {
            throw DataError(.unreadable, file: path, message: "not a FHIR resource Rapport can read: \(describe(error))", format: format)
        }
        do {
            switch type {
            case "Bundle":
                let b = try decoder.decode(FHIRBundle.self, from: data)
                var out: [(Int, FHIRQuestionnaireResponse)] = []
                for (i, e) in (b.entry ?? []).enumerated() {
                    guard let r = e.response else { throw wrongType(e.resourceType, line: i + 1, path: path, format: format) }
                    out.append((i + 1, r))
                }
                return out
            case "QuestionnaireResponse":
                return [(1, try decoder.decode(FHIRQuestionnaireResponse.self, from: data))]
            default:
                throw DataError(.unreadable, file: path,
                                message: "the resourceType is \(type.map { "\"\($0)\"" } ?? "missing"); a .json input must be a Bundle of QuestionnaireResponse resources, or one QuestionnaireResponse",
                                format: format)
            }
        } catch let e as DataError {
            throw e
        } catch {
            throw DataError(.unreadable, file: path, message: "not a Bundle Rapport can read: \(describe(error))", format: format)
        }
    }

    private static func wrongType(_ type: String?, line: Int, path: String, format: InputFormat) -> DataError {
        DataError(.unreadable, file: path, line: line,
                  message: "the resourceType is \(type.map { "\"\($0)\"" } ?? "missing"), not \"QuestionnaireResponse\"; give a file of QuestionnaireResponse resources only",
                  format: format)
    }

    /// A decoding error in a sentence, with the JSON path where it happened.
    static func describe(_ error: any Error) -> String {
        func path(_ p: [any CodingKey]) -> String {
            p.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case let DecodingError.dataCorrupted(c):
            return c.codingPath.isEmpty ? "the text is not valid JSON" : "\(path(c.codingPath)): \(c.debugDescription)"
        case let DecodingError.typeMismatch(_, c), let DecodingError.valueNotFound(_, c):
            return "\(path(c.codingPath)): \(c.debugDescription)"
        case let DecodingError.keyNotFound(k, c):
            return "\(path(c.codingPath + [k])) is missing"
        default:
            return "\(error)"
        }
    }

    // MARK: Reading

    func records(plan: ColumnPlan, options: ReaderOptions) throws(DataError) -> any RecordStream {
        for c in Self.metaColumns.count..<header.count where !plan.columnUsed[c] {
            let read = plan.items.map(\.item)
            let shown = read.count > 6 ? read.prefix(6).joined(separator: ", ") + ", … (\(read.count) in all)" : read.joined(separator: ", ")
            throw DataError(.unknownLinkID, file: path, line: firstSeen[c], columnName: header[c],
                            message: "no item being read has this linkId (items read: \(shown.isEmpty ? "none" : shown)); map it with --map ITEM=\(header[c]), or give the instrument it belongs to",
                            format: format)
        }
        let columns = (0..<header.count).filter { plan.columnUsed[$0] }
        let index = Dictionary(uniqueKeysWithValues: columns.enumerated().map { (header[$1], $0) })
        let table = CellTable(columns: columns, position: index, path: path, format: format)
        let per = max(16, options.gridSize / 1024)
        if let bundle {
            return BundleStream(responses: bundle, table: table, batchSize: per, size: size ?? 0)
        }
        guard let lines = LineReader(path: path) else {
            throw DataError(.io, file: path, message: "cannot open the file: \(String(cString: strerror(errno)))", format: format)
        }
        return NDJSONStream(lines: lines, table: table, batchSize: per, path: path)
    }

    func variables(plan: ColumnPlan, options: ReaderOptions) -> [DataVariable]? { nil }

    /// How a response becomes the cells of one record.
    struct CellTable: Sendable {
        let columns: [Int]
        /// Column name → position among `columns`.
        let position: [String: Int]
        let path: String
        let format: InputFormat

        func append(_ r: FHIRQuestionnaireResponse, record: Int, to cells: inout RecordCells) throws(DataError) {
            var row = [[UInt8]?](repeating: nil, count: columns.count)
            func put(_ name: String, _ text: String?) {
                if let p = position[name], let text { row[p] = Array(text.utf8) }
            }
            put("id", r.id)
            put("questionnaire", r.questionnaire)
            put("status", r.status)
            put("subject", r.subject?.reference)
            put("authored", r.authored)
            for (linkId, answers) in r.answeredItems {
                guard let p = position[linkId] else { continue }
                var cell = RecordCells(columns: [])
                switch answers[0].value {
                case let .integer(n): cell.append(number: Double(n))
                case let .decimal(x): cell.append(number: x)
                case let .coding(c):
                    if let w = c.weight { cell.append(number: w) } else { cell.text = Array((c.code ?? "").utf8) }
                case let .string(s): cell.text = Array(s.utf8)
                case .none: break
                case let .unsupported(type):
                    throw DataError(.unreadable, file: path, line: record, columnName: linkId,
                                    message: "the answer is a \(type); Rapport reads valueInteger, valueDecimal, valueCoding (itemWeight or ordinalValue extension, else code) and valueString",
                                    format: format)
                }
                row[p] = cell.text
            }
            for cell in row {
                if let cell { cells.text.append(contentsOf: cell) }
                cells.endCell()
            }
            cells.records.append(record)
        }
    }
}

extension DataError.Code {
    /// A FHIR answer's linkId that no item being read maps to.
    public static let unknownLinkID = DataError.Code(rawValue: "unknown-link-id")
}

/// NDJSON lines read in batches; each batch's JSON is decoded on a worker.
final class NDJSONStream: RecordStream {
    private let lines: LineReader
    private let table: FHIRResponseSource.CellTable
    private let batchSize: Int
    private let path: String
    private var index = 0

    init(lines: LineReader, table: FHIRResponseSource.CellTable, batchSize: Int, path: String) {
        self.lines = lines
        self.table = table
        self.batchSize = batchSize
        self.path = path
    }

    func next() throws(DataError) -> RecordBatch? {
        var raw: [(line: Int, bytes: [UInt8])] = []
        let before = lines.bytesRead
        while raw.count < batchSize, let (line, bytes) = lines.next() {
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            raw.append((line, bytes))
        }
        guard !raw.isEmpty else { return nil }
        let table = self.table, path = self.path, records = raw
        let covered = lines.bytesRead - before
        defer { index += 1 }
        return RecordBatch(index: index, bytes: covered) { () throws(DataError) -> RecordCells in
            var cells = RecordCells(columns: table.columns)
            for (line, bytes) in records {
                try table.append(try FHIRResponseSource.decode(bytes, line: line, path: path), record: line, to: &cells)
            }
            return cells
        }
    }

    func close() {}
}

/// A Bundle's responses, already decoded, in batches.
final class BundleStream: RecordStream {
    private let responses: [(entry: Int, response: FHIRQuestionnaireResponse)]
    private let table: FHIRResponseSource.CellTable
    private let batchSize: Int
    private let bytesPerEntry: Int
    private var next0 = 0
    private var index = 0

    init(responses: [(entry: Int, response: FHIRQuestionnaireResponse)], table: FHIRResponseSource.CellTable,
         batchSize: Int, size: Int) {
        self.responses = responses
        self.table = table
        self.batchSize = batchSize
        self.bytesPerEntry = responses.isEmpty ? 0 : size / responses.count
    }

    func next() throws(DataError) -> RecordBatch? {
        guard next0 < responses.count else { return nil }
        let slice = Array(responses[next0..<min(responses.count, next0 + batchSize)])
        next0 += slice.count
        let table = self.table
        defer { index += 1 }
        return RecordBatch(index: index, bytes: slice.count * bytesPerEntry) { () throws(DataError) -> RecordCells in
            var cells = RecordCells(columns: table.columns)
            for (entry, r) in slice { try table.append(r, record: entry, to: &cells) }
            return cells
        }
    }

    func close() {}
}

/// Lines of a file, read with `getline`, numbered from 1, without their line ending (and
/// without a UTF-8 byte-order mark on line 1).
final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    private(set) var line = 0
    private(set) var bytesRead = 0

    init?(path: String) {
        guard let f = fopen(path, "rb") else { return nil }
        file = f
    }

    deinit {
        fclose(file)
        free(buffer)
    }

    func next() -> (Int, [UInt8])? {
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let buffer else { return nil }
        line += 1
        bytesRead += n
        var count = n
        while count > 0, buffer[count - 1] == 0x0A || buffer[count - 1] == 0x0D { count -= 1 }
        var bytes = buffer.withMemoryRebound(to: UInt8.self, capacity: n) { Array(UnsafeBufferPointer(start: $0, count: count)) }
        if line == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        return (line, bytes)
    }
}
