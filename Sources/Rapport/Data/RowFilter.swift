/// A condition on a column that a row must meet to be read (`--where COL=VALUE`,
/// `--where COL!=VALUE`): `Finished=1`, `redcap_event_name!=screening_arm_1`.
///
/// The cell is compared as text after quotes are undone and surrounding spaces (U+0020 only)
/// are trimmed, from the cell and from `VALUE`: otherwise byte for byte, so case counts and
/// `1` and `1.0` differ. Several filters must all hold. A row left out is counted
/// in the report (`rowsFilteredOut`: rows read = scored + rejected + filtered out); its cells
/// are not judged and raise no finding. A ragged row is rejected before any filter: its cells
/// cannot be matched to their columns.
public struct RowFilter: Sendable, Hashable, Codable, CustomStringConvertible {
    public var column: String
    public var value: String
    /// `true` for `=`, `false` for `!=`.
    public var equal: Bool

    public init(column: String, value: String, equal: Bool = true) {
        self.column = column
        self.value = value
        self.equal = equal
    }

    /// Parses `COL=VALUE` or `COL!=VALUE` (split at the first `!=` or `=`); the value may be
    /// empty (`Q1!=` keeps rows where Q1 is not empty).
    public init(parsing text: String) throws(DataError) {
        let eq = text.firstIndex(of: "=")
        let ne = text.range(of: "!=")
        let column: Substring, value: Substring, equal: Bool
        if let ne, eq == nil || ne.lowerBound < eq! {
            (column, value, equal) = (text[..<ne.lowerBound], text[ne.upperBound...], false)
        } else if let eq {
            (column, value, equal) = (text[..<eq], text[text.index(after: eq)...], true)
        } else {
            throw DataError(.invalidOption, message: "--where \(text): expected COLUMN=VALUE or COLUMN!=VALUE (e.g. --where Finished=1)")
        }
        let c = ColumnPlan.trim(String(column))
        guard !c.isEmpty else {
            throw DataError(.invalidOption, message: "--where \(text): no column name before \(equal ? "=" : "!=")")
        }
        self.init(column: c, value: ColumnPlan.trim(String(value)), equal: equal)
    }

    /// `Finished=1`, `redcap_event_name!=screening_arm_1`.
    public var description: String { "\(column)\(equal ? "=" : "!=")\(value)" }

    /// A filter bound to its column's position in the header.
    struct Bound: Sendable {
        var column: Int
        var value: [UInt8]
        var equal: Bool

        /// Whether a row whose cell (quotes undone) is `cell` passes.
        @inline(__always)
        func passes(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
            var lo = 0, hi = cell.count
            while lo < hi && cell[lo] == 0x20 { lo += 1 }
            while hi > lo && cell[hi - 1] == 0x20 { hi -= 1 }
            var same = hi - lo == value.count
            if same {
                for i in 0..<value.count where cell[lo + i] != value[i] {
                    same = false
                    break
                }
            }
            return same == equal
        }
    }

    /// Binds `filters` to `header` (matched as the column plan matches names).
    ///
    /// - Throws: ``DataError`` `missing-column` (exit 2) when a column is not in the header,
    ///   with the nearest names; `duplicate-column` when it names several.
    static func bind(_ filters: [RowFilter], header: [String], file: String) throws(DataError) -> [Bound] {
        var out: [Bound] = []
        let index = HeaderIndex(header)
        for f in filters {
            let c: Int
            switch index.find(f.column) {
            case let .found(i):
                c = i
            case .missing:
                throw DataError(.missingColumn, file: file, line: 1,
                                message: "--where \(f): no column \"\(f.column)\" in the header" + suggestion(f.column, among: header))
            case let .duplicate(cols):
                throw DataError(.duplicateColumn, file: file, line: 1, column: cols[0] + 1, columnName: f.column,
                                message: "--where \(f): column \"\(f.column)\" appears \(cols.count) times in the header")
            case let .ambiguous(cols):
                throw DataError(.duplicateColumn, file: file, line: 1, column: cols[0] + 1,
                                message: "--where \(f): " + index.ambiguity(f.column, cols))
            }
            out.append(Bound(column: c, value: Array(f.value.utf8), equal: f.equal))
        }
        return out
    }
}
