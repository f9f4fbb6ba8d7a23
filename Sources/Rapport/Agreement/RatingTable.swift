import Foundation
import RapportStatistics

/// The ratings of `rapport agreement`, read into the target × rater table ``ICC`` takes.
///
/// - Long layout: one row per rating, with target, rater and value columns; targets and
///   raters are numbered in order of first appearance. A pair rated twice is an error naming
///   both lines.
/// - Wide layout: one row per target, one column per rater; with a target column, a target
///   on two rows is an error naming both lines.
///
/// Empty cells and `NA` are missing ratings; any other cell must be a finite number. Every
/// error is a ``CommandFailure`` with exit 2 naming the file, line and column — never a
/// target or rater ID.
public enum RatingTable {
    public enum Layout: Sendable, Hashable {
        case long(target: String, rater: String, value: String)
        case wide(target: String?, raters: [String])

        /// The columns read, in the order the rows' cells come.
        public var columns: [String] {
            switch self {
            case let .long(target, rater, value): [target, rater, value]
            case let .wide(target, raters): (target.map { [$0] } ?? []) + raters
            }
        }
    }

    /// Reads every row of `reader` (`file` names it in messages) into the table.
    public static func read(_ reader: ResponseReader, layout: Layout, file: String) throws -> [[Double?]] {
        let columns = layout.columns
        if Set(columns).count != columns.count { throw CommandFailure("a column is named twice", exitStatus: .unusable) }
        let plan = try ColumnPlan(header: reader.header, requests: [], passthrough: columns, id: nil, file: file)
        var records: [(line: Int, cells: [String])] = []
        _ = try reader.read(plan: plan, transform: { block in
            (0..<block.rowCount).map { (line: block.lines[$0], cells: block.passthrough[$0]) }
        }, sink: { records.append(contentsOf: $0) })
        if records.isEmpty { throw CommandFailure("\(file): no data rows", exitStatus: .unusable) }
        switch layout {
        case let .wide(target, raters): return try wide(records, target: target, raters: raters, file: file)
        case let .long(target, rater, value): return try long(records, columns: [target, rater, value], file: file)
        }
    }

    /// A rating: `nil` for an empty cell or `NA`, else a finite number.
    static func number(_ text: String, line: Int, column: String, file: String) throws -> Double? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty || t == "NA" { return nil }
        guard let x = Double(t), x.isFinite else {
            throw CommandFailure("\(file): line \(line), column '\(column)': not a number", exitStatus: .unusable)
        }
        return x
    }

    static func wide(_ records: [(line: Int, cells: [String])], target: String?, raters: [String],
                     file: String) throws -> [[Double?]] {
        let offset = target == nil ? 0 : 1
        let table = try records.map { r in
            try raters.indices.map { j in try number(r.cells[offset + j], line: r.line, column: raters[j], file: file) }
        }
        if let target {
            var seen: [String: Int] = [:]
            for r in records {
                if let first = seen[r.cells[0]] {
                    throw CommandFailure("\(file): line \(r.line): the same \(target) as line \(first)",
                                         exitStatus: .unusable)
                }
                seen[r.cells[0]] = r.line
            }
        }
        return table
    }

    static func long(_ records: [(line: Int, cells: [String])], columns: [String], file: String) throws -> [[Double?]] {
        var targetIndex: [String: Int] = [:], raterIndex: [String: Int] = [:]
        var t: [Int] = [], j: [Int] = [], v: [Double] = [], lines: [Int] = []
        for r in records {
            for k in 0..<2 where r.cells[k].trimmingCharacters(in: .whitespaces).isEmpty {
                throw CommandFailure("\(file): line \(r.line), column '\(columns[k])': empty", exitStatus: .unusable)
            }
            guard let value = try number(r.cells[2], line: r.line, column: columns[2], file: file) else { continue }
            let ti = targetIndex[r.cells[0]] ?? targetIndex.count
            targetIndex[r.cells[0]] = ti
            let ri = raterIndex[r.cells[1]] ?? raterIndex.count
            raterIndex[r.cells[1]] = ri
            t.append(ti); j.append(ri); v.append(value); lines.append(r.line)
        }
        do {
            return try ICC.table(targets: t, raters: j, values: v)
        } catch ICC.Failure.duplicateRating(let a, let b) {
            throw CommandFailure("\(file): line \(lines[b - 1]): the same target and rater as line \(lines[a - 1])",
                                 exitStatus: .unusable)
        }
    }
}
