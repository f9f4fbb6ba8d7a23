/// What a read decodes in item cells beyond numbers and anchor labels: `--recode` rows and
/// decimal commas. The reader applies it to the caller's plan before the first chunk.
extension ColumnPlan {
    /// The plan with each slot's cells also read through `recodes` and, when `decimalComma`,
    /// with `7,3` read as 7.3.
    ///
    /// - Throws: ``DataError`` `invalid-recode` (exit 2) naming the recode file, line and
    ///   item when a row names no item of the plan, gives a value that is not an answer of an
    ///   item it applies to, or would recode what an item already reads (a valid number, a
    ///   token, an anchor or code label; `*` rows leave those items alone), or when two rows
    ///   give one item's label different values.
    public func reading(decimalComma: Bool, recodes: RecodeTable?) throws(DataError) -> ColumnPlan {
        guard decimalComma || !(recodes?.rules.isEmpty ?? true) else { return self }
        var out = self
        var tables = anchorLabels
        if let recodes { tables = try bind(recodes) }
        out.classifiers = zip(items, tables).map {
            CellClassifier(scale: $0.scale, naTokens: naTokens, labels: $1, decimalComma: decimalComma)
        }
        out.codeGrids = Self.codeGrids(items, out.classifiers)
        return out
    }

    /// Each slot's label table: its anchors, then the recode rows that apply to it (item rows
    /// before `*` rows).
    private func bind(_ recodes: RecodeTable) throws(DataError) -> [LabelTable] {
        let file = recodes.file
        func fail(_ rule: RecodeTable.Rule, column: Int, _ message: String) -> DataError {
            DataError(.invalidRecode, file: file, line: rule.line, column: column,
                      columnName: ["item", "label", "value"][column - 1], message: message)
        }
        for rule in recodes.rules where rule.item != "*" && !items.contains(where: { rule.applies(to: $0.item) }) {
            let names = items.prefix(6).map(\.item).joined(separator: ", ") + (items.count > 6 ? ", …" : "")
            throw fail(rule, column: 1, "no item \(rule.item) is read in this run (items: \(names)); write an item id, INSTRUMENT:ITEM, or * for every item")
        }
        var tables: [LabelTable] = []
        for (s, slot) in items.enumerated() {
            var table = anchorLabels[s]
            let plain = CellClassifier(scale: slot.scale, naTokens: naTokens)
            let specific = recodes.rules.filter { $0.item != "*" && $0.applies(to: slot.item) }
            let general = recodes.rules.filter { $0.item == "*" }
            var fromRows: [[UInt8]: RecodeTable.Rule] = [:]
            for rule in specific + general {
                let isGeneral = rule.item == "*"
                let key = LabelTable.key(rule.label)
                if let earlier = fromRows[key] {
                    // An item row beats a `*` row; two rows for one item must agree.
                    if isGeneral || earlier.value == rule.value { continue }
                    throw fail(rule, column: 3, "label \"\(rule.label)\" of item \(slot.item) is recoded to \(rule.describeValue) here and to \(earlier.describeValue) on line \(earlier.line): keep one of the rows")
                }
                // What the item reads already: a valid answer or a token, an anchor or code label.
                let bytes = Array(rule.label.trimmingCharacters(in: .whitespaces).utf8)
                let asWritten = bytes.withUnsafeBufferPointer { plain.classifySlow($0) }
                let existing = table.entry(forKey: key)
                if asWritten.status != .invalid || existing != nil {
                    if isGeneral { continue }
                    let what = existing.map { "is the label \($0.describe) of its response scale \(slot.scale.id)" }
                        ?? (asWritten.status == .answered ? "is a valid answer (\(Self.range(slot.scale)))" : "is a missing code of the item")
                    throw fail(rule, column: 2, "label \"\(rule.label)\" of item \(slot.item) \(what), read as such: a recode reads only cells that are not answers; remove the row")
                }
                let entry: LabelTable.Entry
                switch rule.value {
                case let .number(x):
                    let r = Array(ChunkParser.format(x).utf8).withUnsafeBufferPointer { plain.classifySlow($0) }
                    guard r.status == .answered else {
                        throw fail(rule, column: 3, "value \(rule.valueText) is not an answer of item \(slot.item) (\(Self.range(slot.scale))); give the item its own row, or leave the value empty for missing")
                    }
                    entry = .init(key: key, label: rule.label, value: r.value, status: .answered, reading: .recode,
                                  origin: "\(file):\(rule.line)")
                case .missing:
                    entry = .init(key: key, label: rule.label, value: .nan, status: .missing, reading: .recode,
                                  origin: "\(file):\(rule.line)")
                case let .code(token):
                    guard let code = slot.scale.codes.first(where: { $0.token == token }) else {
                        let declared = slot.scale.codes.map { "\"\($0.token)\"" }.joined(separator: ", ")
                        throw fail(rule, column: 3, "value \"\(token)\" is neither a number, empty or NA (missing), nor a code response scale \(slot.scale.id) of item \(slot.item) declares\(declared.isEmpty ? "" : " (\(declared))")")
                    }
                    entry = .init(key: key, label: rule.label, value: .nan,
                                  status: code.meaning == .notApplicable ? .notApplicable : .missing,
                                  reading: .recode, origin: "\(file):\(rule.line)")
                }
                fromRows[key] = rule
                table.add(entry)
            }
            tables.append(table)
        }
        return tables
    }

    private static func range(_ scale: ResponseScale) -> String {
        let r = "\(ChunkParser.format(scale.min))–\(ChunkParser.format(scale.max))"
        return scale.step == 1 ? r : "\(r) in steps of \(ChunkParser.format(scale.step))"
    }
}
