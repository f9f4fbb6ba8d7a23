import Foundation

/// A condition on a column that a row must meet to be read (`--where COL=VALUE`,
/// `--where COL!=VALUE`): `Finished=1`, `redcap_event_name!=screening_arm_1`.
///
/// The cell is compared as text after quotes are undone and surrounding spaces (U+0020 only)
/// are trimmed, from the cell and from `VALUE`: otherwise byte for byte, so case counts and
/// `1` and `1.0` differ. Several filters must all hold. A row left out is counted
/// in the report (`rowsFilteredOut`: rows read = scored + rejected + filtered out); its cells
/// are not judged and raise no finding. A ragged row is rejected before any filter: its cells
/// cannot be matched to their columns.
///
/// A condition on an identifier column of the run (``identifier``: `--id`, `reliability
/// --client`, `audit --client`/`--therapist`) names a participant or therapist: its value is
/// never written anywhere (summary, reports, state files, messages): ``description`` withholds
/// it, and the reading fingerprint holds its SHA-256 (``fingerprint``).
public struct RowFilter: Sendable, Hashable, Codable, CustomStringConvertible {
    public var column: String
    public var value: String
    /// `true` for `=`, `false` for `!=`.
    public var equal: Bool
    /// Whether ``column`` is an identifier column of the run (set by ``bind(_:identifiers:header:file:)``):
    /// then ``value`` is withheld from every text.
    public var identifier: Bool

    /// What every text shows instead of the value of a condition on an identifier column.
    public static let withheldValue = "<value withheld: identifier column>"

    public init(column: String, value: String, equal: Bool = true, identifier: Bool = false) {
        self.column = column
        self.value = value
        self.equal = equal
        self.identifier = identifier
    }

    private enum CodingKeys: String, CodingKey { case column, value, equal, identifier }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(column: try c.decode(String.self, forKey: .column), value: try c.decode(String.self, forKey: .value),
                  equal: try c.decode(Bool.self, forKey: .equal),
                  identifier: try c.decodeIfPresent(Bool.self, forKey: .identifier) ?? false)
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
            // No column, so no telling whether the value is an ID: it is not repeated.
            throw DataError(.invalidOption, message: "--where \(equal ? "=" : "!=")…: no column name before \(equal ? "=" : "!=") (expected COLUMN=VALUE, e.g. --where Finished=1)")
        }
        self.init(column: c, value: ColumnPlan.trim(String(value)), equal: equal)
    }

    /// `Finished=1`, `redcap_event_name!=screening_arm_1`; on an identifier column
    /// `pid!=<value withheld: identifier column>`. The one text of a condition that Rapport
    /// writes (summary, `decoding.filters`, `input.where`, reports, messages).
    public var description: String { "\(column)\(equal ? "=" : "!=")\(identifier ? Self.withheldValue : value)" }

    /// The condition as the reading fingerprint of a state file holds it: ``description``, but
    /// on an identifier column with the value's SHA-256 (`pid!=sha256:…`), so shards filtered
    /// on different IDs still differ while no ID is written.
    public var fingerprint: String {
        guard identifier else { return description }
        return "\(column)\(equal ? "=" : "!=")sha256:\(FileDigest.sha256(Array(value.utf8)))"
    }

    /// Whether `column` names the same header column as one of `identifiers` (matched as
    /// ``HeaderIndex`` matches; by name, ignoring case, when either is not found).
    static func names(_ column: String, anyOf identifiers: [String], in index: HeaderIndex) -> Bool {
        let own = index.find(column)
        return identifiers.contains { id in
            if case let .found(c) = own, case let .found(i) = index.find(ColumnPlan.trim(id)) { return c == i }
            return HeaderIndex.fold(column) == HeaderIndex.fold(ColumnPlan.trim(id))
        }
    }

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

    /// Binds `filters` to `header` (matched as the column plan matches names), and marks each
    /// whose column is one of the `identifiers` columns (``identifier``).
    ///
    /// - Throws: ``DataError`` `missing-column` (exit 2) when a column is not in the header,
    ///   with the nearest names; `duplicate-column` when it names several.
    static func bind(_ filters: [RowFilter], identifiers: [String], header: [String],
                     file: String) throws(DataError) -> (filters: [RowFilter], bound: [Bound]) {
        var out: [Bound] = []
        var marked: [RowFilter] = []
        let index = HeaderIndex(header)
        for var f in filters {
            f.identifier = f.identifier || names(f.column, anyOf: identifiers, in: index)
            marked.append(f)
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
        return (marked, out)
    }
}
