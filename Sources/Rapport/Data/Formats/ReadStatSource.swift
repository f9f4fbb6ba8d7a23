import CReadStat
import Foundation

/// An SPSS (`.sav`, `.zsav`, `.por`) or Stata (`.dta`) file read through ReadStat.
///
/// - The header is the variable names, read by a first parse limited to one row (value
///   labels come with it: SPSS stores them before the data, and ReadStat seeks past a Stata
///   file's data to reach them).
/// - A read runs ReadStat's parse on a producer thread that packs rows into fixed-size
///   batches and hands them over through a bounded queue, so memory stays bounded by the
///   batches in flight, whatever the file size. Variables the plan does not use are skipped.
/// - Numbers become the text a CSV cell would hold (`5`, `7.3`); system-missing, Stata's
///   tagged missing (`.a`–`.z`) and SPSS user-defined missing values (discrete values and
///   ranges) become empty cells, which read as missing. Strings pass through as they are.
/// - Measurement level, variable labels and value labels never change a cell, except that
///   `--value-labels` reads each labelled value of an item variable through its label.
final class ReadStatSource: RecordSource {
    let format: InputFormat
    let path: String
    let header: [String]
    let size: Int?
    let variables: [ReadStatVariable]
    let labelSets: [String: [ReadStatLabel]]
    /// Rows the file says it holds (`nil` when it does not say, e.g. `.por`).
    let rowCount: Int?

    init(path: String, format: InputFormat) throws(DataError) {
        try ReadStatLibrary.load(file: path, format: format)
        self.path = path
        self.format = format
        var st = stat()
        if stat(path, &st) != 0 {
            throw DataError(.io, file: path, message: "cannot open the file: \(String(cString: strerror(errno)))", format: format)
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw DataError(.io, file: path, message: "is a directory, not a data file", format: format)
        }
        size = Int(st.st_size)
        let collector = ReadStatCollector()
        let rc = collector.parse(format: format, path: path, rowLimit: 1)
        if rc != 0 {
            throw Self.failure(rc, collector: collector, path: path, format: format, rowsRead: nil)
        }
        variables = collector.variables
        labelSets = collector.labelSets
        rowCount = collector.rowCount
        header = collector.variables.map(\.name)
        if header.isEmpty {
            throw DataError(.emptyFile, file: path, message: "the file has no variables", format: format)
        }
    }

    /// The error for ReadStat's return code `rc`.
    static func failure(_ rc: Int32, collector: ReadStatCollector, path: String, format: InputFormat,
                        rowsRead: Int?) -> DataError {
        let reason = String(cString: rapport_rs_error_message(rc))
        let detail = collector.messages.isEmpty ? "" : " (" + collector.messages.joined(separator: "; ") + ")"
        let after = rowsRead.map { " after row \($0)" } ?? ""
        return DataError(.unreadable, file: path,
                         message: "ReadStat cannot read this \(format.displayName) file\(after): \(reason)\(detail). It may be truncated or damaged; export it again from SPSS/Stata",
                         format: format)
    }

    func records(plan: ColumnPlan, options: ReaderOptions) throws(DataError) -> any RecordStream {
        var columns = (0..<header.count).filter { plan.columnUsed[$0] }
        // With no column used the rows must still be counted: read the first variable.
        if columns.isEmpty { columns = [0] }
        let recode = options.valueLabels ? try labelRecode(plan: plan) : [:]
        let batchRows = max(16, options.gridSize / 64)
        let queueCapacity = 4
        return ReadStatStream(source: self, columns: columns, itemColumns: Set(plan.items.map(\.column)),
                              recode: recode, batchRows: batchRows, capacity: queueCapacity)
    }

    /// Under `--value-labels`: per item variable, the cell text each labelled value reads as.
    private func labelRecode(plan: ColumnPlan) throws(DataError) -> [Int: [ReadStatLabel.Key: [UInt8]]] {
        var out: [Int: [ReadStatLabel.Key: [UInt8]]] = [:]
        for c in Set(plan.items.map(\.column)).sorted() {
            let slots = plan.items.filter { $0.column == c }
            let scale = slots[0].scale
            let v = variables[c]
            if slots.contains(where: { $0.scale != scale }) {
                throw DataError(.unsupported, file: path, columnName: v.name,
                                message: "--value-labels: items with different response scales read this variable; its labels cannot serve all of them",
                                format: format)
            }
            guard let set = v.labelSet, let labels = labelSets[set] else { continue }
            var table: [ReadStatLabel.Key: [UInt8]] = [:]
            for l in labels {
                if case let .number(x) = l.key, v.isUserMissing(x) { continue }
                if case .tagged = l.key { continue }
                switch AnswerLabel.text(for: l.label, scale: scale) {
                case let .success(text?):
                    table[l.key] = Array(text.utf8)
                case .success(nil):
                    let anchors = scale.anchors.map { "\"\($0.label)\"" }.joined(separator: ", ")
                    throw DataError(.unsupported, file: path, columnName: v.name, item: slots[0].item,
                                    message: "--value-labels: value \(l.key.text) is labelled \"\(l.label)\", which is neither an anchor (\(anchors)) nor a declared code of response scale \(scale.id); read the codes instead (drop --value-labels), or declare the code missing in SPSS",
                                    format: format)
                case .failure:
                    throw DataError(.unsupported, file: path, columnName: v.name, item: slots[0].item,
                                    message: "--value-labels: the label \"\(l.label)\" of value \(l.key.text) matches more than one anchor or code of response scale \(scale.id)",
                                    format: format)
                }
            }
            out[c] = table
        }
        return out
    }

    func variables(plan: ColumnPlan, options: ReaderOptions) -> [DataVariable]? {
        var out: [DataVariable] = []
        for c in Set(plan.items.map(\.column)).sorted() {
            let v = variables[c]
            let slots = plan.items.filter { $0.column == c }
            let labels = v.labelSet.flatMap { labelSets[$0] } ?? []
            let numeric: [(value: Double, label: String)] = labels.compactMap { l in
                if case let .number(x) = l.key { return (x, l.label) }
                return nil
            }
            let cmp = AnswerLabel.compare(labels: numeric, scale: slots[0].scale)
            out.append(DataVariable(
                name: v.name, label: v.label.isEmpty ? nil : v.label, type: v.isString ? "string" : "numeric",
                measure: [1: "nominal", 2: "ordinal", 3: "scale"][v.measure],
                items: slots.map(\.item),
                valueLabels: labels.sorted { $0.key < $1.key }.map { .init(value: $0.key.text, label: $0.label) },
                missingValues: v.missing.filter { $0.lo == $0.hi }.map(\.lo),
                missingRanges: v.missing.filter { $0.lo != $0.hi }.map { [$0.lo, $0.hi] },
                labelsMatchAnchors: cmp.match, labelMismatch: cmp.mismatch))
        }
        return out
    }
}

/// One variable as ReadStat describes it.
struct ReadStatVariable: Sendable {
    struct Range: Sendable {
        var lo: Double
        var hi: Double
    }
    var name: String
    var label: String
    var isString: Bool
    /// 0 unknown, 1 nominal, 2 ordinal, 3 scale.
    var measure: Int32
    var labelSet: String?
    /// User-defined missing values (`lo == hi`) and ranges.
    var missing: [Range]

    func isUserMissing(_ x: Double) -> Bool { missing.contains { x >= $0.lo && x <= $0.hi } }
}

/// One value label of a label set.
struct ReadStatLabel: Sendable {
    enum Key: Hashable, Sendable, Comparable {
        case number(Double)
        case text(String)
        case tagged(UInt8)

        var text: String {
            switch self {
            case let .number(x): ChunkParser.format(x)
            case let .text(s): s
            case let .tagged(t): "." + String(UnicodeScalar(t))
            }
        }
    }
    var key: Key
    var label: String
}
