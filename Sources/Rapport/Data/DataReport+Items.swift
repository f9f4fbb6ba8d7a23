import Foundation

extension DataError.Code {
    /// An item (or every item) has no valid answer on any row of a whole read: the run would
    /// produce empty scores. Exit 1; the message names the likely cause and its fix.
    public static let noValidAnswers = DataError.Code(rawValue: "no-valid-answers")
}

/// The "nothing silent" verdicts of a read: items without a single valid answer (an error
/// unless `--allow-empty`), and items with more than 5 % invalid cells (a loud warning in the
/// summary). Both name the likely cause, judged from what the invalid cells look like
/// (``CellLook``), and the option that fixes it.
extension DataReport {
    /// The error a command stops with (exit 2) when a whole read found a header but no data
    /// row: `FILE: the file has a header but no data rows; nothing to VERB`; `nil` when a row
    /// was read. (Under `--on-invalid fail` the reader already stopped with `header-only`.)
    public func noRowsError(file: String, nothingTo verb: String) -> CommandFailure? {
        rowsRead == 0 ? Self.noRowsError(file: file, nothingTo: verb) : nil
    }

    /// ``noRowsError(file:nothingTo:)`` for a command that counts its rows itself.
    public static func noRowsError(file: String, nothingTo verb: String) -> CommandFailure {
        CommandFailure("\(file): the file has a header but no data rows; nothing to \(verb)", exitStatus: .unusable)
    }

    /// Share of an item's cells above which the summary warns (5 %).
    public static let invalidWarningRate = 0.05

    /// Adds the per-item tallies of the next part of the input (same plan, same order).
    mutating func add(tallies more: [ItemTally]) {
        guard !more.isEmpty else { return }
        guard var all = items, all.count == more.count else {
            items = more
            return
        }
        for i in all.indices { all[i].add(more[i]) }
        items = all
    }

    /// Rows whose cells were judged: rows read, less ragged rows (rejected unjudged) and rows
    /// left out by `--where`.
    public var rowsJudged: Int { max(0, rowsRead - count(.raggedRow) - (rowsFilteredOut ?? 0)) }

    /// One line per item whose invalid cells exceed 5 % of the rows judged (cause and fix
    /// included), then one per item with no valid answer at all.
    public var itemWarnings: [String] {
        guard let items, rowsRead > 0 else { return [] }
        let judged = rowsJudged
        var out: [String] = []
        for t in items where t.answered && judged > 0
            && Double(t.invalid) > Self.invalidWarningRate * Double(judged) {
            let pct = String(format: "%.1f", 100 * Double(t.invalid) / Double(judged))
            out.append("\(t.name): \(t.invalid) of \(judged) cells (\(pct) %) are invalid; \(t.diagnosis(scale: nil).text)")
        }
        for t in items where !t.answered {
            out.append("\(t.name) has no valid answer on any of the \(rowsScored) rows scored; \(t.diagnosis(scale: nil).text)")
        }
        return out
    }

    /// The error a whole read ends with when some item has no valid answer on any kept row
    /// (`nil` when every item has one, when nothing was read, or when there are no items).
    ///
    /// - Parameter plan: the plan of the read, for the items' response scales (anchors named
    ///   in the message); `nil` after a merge.
    public func noValidAnswerError(plan: ColumnPlan?) -> DataError? {
        guard let items, rowsRead > 0 else { return nil }
        let empty = items.indices.filter { !items[$0].answered }
        guard !empty.isEmpty else { return nil }
        var lines: [String] = []
        if rowsScored == 0 {
            lines.append("no row is left to score: \(rowsRead) row\(rowsRead == 1 ? "" : "s") read = 0 scored + \(rowsRejected) rejected\(filteredPart)")
            if let why = noRowsCause { lines.append("  " + why) }
        } else {
            let what = empty.count == items.count ? "any item" : "\(empty.count) of \(items.count) items"
            lines.append("no valid answer for \(what) on any of the \(rowsScored) rows scored:")
        }
        if rowsScored > 0 || rowsJudged > 0 {
            // Items grouped by cause, in plan order.
            var groups: [(key: String, fix: String, items: [Int])] = []
            for i in empty {
                let scale = plan.flatMap { i < $0.items.count ? $0.items[i].scale : nil }
                let d = items[i].diagnosis(scale: scale)
                if let g = groups.firstIndex(where: { $0.key == d.cause }) {
                    groups[g].items.append(i)
                } else {
                    groups.append((d.cause, d.fix, [i]))
                }
            }
            for g in groups {
                let shown = g.items.prefix(6).map { items[$0].name }
                let more = g.items.count > 6 ? ", and \(g.items.count - 6) more" : ""
                lines.append("  \(shown.joined(separator: ", "))\(more): \(g.key); \(g.fix)")
            }
        }
        lines.append("  (--allow-empty accepts items without answers and writes empty scores)")
        return DataError(.noValidAnswers, file: file, message: lines.joined(separator: "\n"))
    }

    /// Why no row was kept, when every row was rejected.
    private var noRowsCause: String? {
        let ragged = count(.raggedRow)
        let filtered = rowsFilteredOut ?? 0
        if filtered > 0 && filtered + ragged == rowsRead {
            let conditions = (decoding?.filters ?? []).map { "--where \($0)" }.joined(separator: " ")
            return "\(filtered) row\(filtered == 1 ? " was" : "s were") left out by \(conditions): check the column and the value (compared as text after surrounding spaces are trimmed: case counts, and 1 and 1.0 differ)"
        }
        if ragged == rowsRead {
            return "every row has a different number of fields from the header: is the header shifted (a title line above it, a column name missing) or the delimiter wrong (--delimiter)?"
        }
        if ragged > 0 { return "\(ragged) ragged row\(ragged == 1 ? "" : "s") (field count differs from the header) were rejected" }
        if policy == .rejectRow { return "--on-invalid reject-row left out every row with an invalid cell" }
        return nil
    }
}

extension ItemTally {
    /// The likely cause of an item's invalid or missing cells, and the option that fixes it.
    public struct Diagnosis: Sendable, Hashable {
        public var cause: String
        public var fix: String
        public var text: String { "\(cause); \(fix)" }
    }

    /// Judged from the shape most invalid cells have; an item with no invalid cell is empty.
    ///
    /// - Parameter scale: the item's response scale, to name its anchors (optional).
    public func diagnosis(scale: ResponseScale?) -> Diagnosis {
        let examples = self.examples.map { "\"\($0)\"" }.joined(separator: ", ")
        guard invalid > 0, let look = looks.dominant else {
            return Diagnosis(cause: "every cell is empty or a missing code",
                             fix: "check that this is the item's column (--map ITEM=COLUMN)")
        }
        switch look {
        case .decimalComma:
            return Diagnosis(cause: "most invalid cells are numbers with a decimal comma (\"7,3\")",
                             fix: "read them with --decimal-comma, or export with a decimal point")
        case .encoding:
            return Diagnosis(cause: "most invalid cells hold bytes of another encoding (NUL, control characters, U+FFFD or \"Ã¼\"-style mojibake)",
                             fix: "export the file again as UTF-8")
        case .text:
            var cause = "most invalid cells look like answer labels"
            if !examples.isEmpty { cause += " (\(examples))" }
            if let scale {
                if scale.anchors.isEmpty {
                    cause += "; the item's response scale declares no anchor labels"
                } else {
                    let anchors = scale.anchors.map { "\(Self.number($0.value)) \"\($0.label)\"" }
                    cause += " that are not the anchors of its response scale (\(anchors.joined(separator: ", ")))"
                }
            }
            return Diagnosis(cause: cause,
                             fix: "say what each label means in a --recode FILE (CSV item,label,value; '*' for every item), or export the answers as numbers")
        case .number:
            var range = ""
            if let scale { range = " \(Self.number(scale.min))–\(Self.number(scale.max))" }
            let cause = "most invalid cells are numbers outside the response range\(range) or off its grid"
            if answered {
                return Diagnosis(cause: cause, fix: "correct them, or declare the codes as missing (--na)")
            }
            return Diagnosis(cause: cause,
                             fix: "check that this is the item's column (a shifted header, or --map ITEM=COLUMN)")
        case .other:
            return Diagnosis(cause: "the invalid cells are not numbers", fix: "check the column's contents")
        }
    }

    static func number(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}
