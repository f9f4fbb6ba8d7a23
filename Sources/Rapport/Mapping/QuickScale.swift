/// A scale typed on the command line, psych-style: `agree=-A1,A2,A3,A4,A5`.
///
/// `NAME=ITEMS`: `NAME` becomes the scale id; `ITEMS` is a comma-separated list of column
/// names, a leading `-` marking a reverse-keyed item (reversed against the declared
/// `--range`, see ``QuickScale/Range``). ``instrument(scales:range:scoring:)`` turns one or
/// more of them into an ordinary in-memory ``Instrument`` (id `quick`) that goes through
/// exactly the same mapping, scoring and statistics code as an XML definition.
public struct QuickScale: Sendable, Hashable {
    /// One item of a quick scale: the column it reads, and whether it is reverse-keyed here.
    public struct Entry: Sendable, Hashable {
        public var column: String
        public var reversed: Bool
        public init(column: String, reversed: Bool = false) {
            self.column = column
            self.reversed = reversed
        }
    }

    public var name: String
    public var entries: [Entry]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
    }

    /// The id of every instrument built from quick scales.
    public static let instrumentID = "quick"

    /// Parses `NAME=ITEM,ITEM,…` (a leading `-` reverses an item).
    public static func parse(_ text: String) throws(QuickScaleError) -> QuickScale {
        guard let eq = text.firstIndex(of: "=") else {
            throw QuickScaleError("--scale '\(text)': expected NAME=ITEMS, e.g. agree=-A1,A2,A3")
        }
        let name = String(text[..<eq]).trimmingASCIISpaces()
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw QuickScaleError("--scale '\(text)': the scale name must be letters, digits, '-' or '_'")
        }
        var entries: [Entry] = []
        for part in text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false) {
            var col = String(part).trimmingASCIISpaces()
            var reversed = false
            if col.hasPrefix("-") {
                reversed = true
                col.removeFirst()
                col = col.trimmingASCIISpaces()
            }
            guard !col.isEmpty else {
                throw QuickScaleError("--scale '\(text)': empty item name in the list")
            }
            if entries.contains(where: { $0.column == col }) {
                throw QuickScaleError("--scale '\(name)': item '\(col)' is listed twice")
            }
            entries.append(Entry(column: col, reversed: reversed))
        }
        return QuickScale(name: name, entries: entries)
    }

    /// The declared response range of quick-scale items: `MIN-MAX` or `MIN-MAX:STEP`
    /// (`1-6`, `0-10:0.1`, `-3-3`). Step defaults to 1.
    public struct Range: Sendable, Hashable {
        public var min: Double
        public var max: Double
        public var step: Double

        public init(min: Double, max: Double, step: Double = 1) {
            self.min = min
            self.max = max
            self.step = step
        }

        public static func parse(_ text: String) throws(QuickScaleError) -> Range {
            var body = Substring(text.trimmingASCIISpaces())
            var step = 1.0
            if let colon = body.firstIndex(of: ":") {
                guard let s = Double(body[body.index(after: colon)...]), s > 0, s.isFinite else {
                    throw QuickScaleError("--range '\(text)': the step after ':' must be a positive number")
                }
                step = s
                body = body[..<colon]
            }
            // The separating '-' is the first '-' after the first character (MIN may be negative).
            guard body.count >= 3,
                  let dash = body[body.index(after: body.startIndex)...].firstIndex(of: "-"),
                  let lo = Double(body[..<dash]), let hi = Double(body[body.index(after: dash)...]),
                  lo.isFinite, hi.isFinite
            else {
                throw QuickScaleError("--range '\(text)': expected MIN-MAX, e.g. 1-6 (or 0-10:0.1)")
            }
            guard lo < hi else {
                throw QuickScaleError("--range '\(text)': MIN must be below MAX")
            }
            if let problem = ResponseScale.arithmeticProblem(min: lo, max: hi, step: step) {
                throw QuickScaleError("--range '\(text)': \(problem)")
            }
            let steps = (hi - lo) / step
            guard abs(steps - steps.rounded()) < 1e-9 else {
                throw QuickScaleError("--range '\(text)': MAX − MIN is not a whole number of steps of \(step)")
            }
            return Range(min: lo, max: hi, step: step)
        }
    }

    /// Builds the in-memory instrument for one or more quick scales.
    ///
    /// Items are the distinct column names in order of first appearance (item id = column
    /// name, number = that order); every item is answered on `range`. Each scale's key
    /// source is "command line" with verification `primary` (the user defined it), the
    /// licence is `unknown` with no terms (so no notice is printed). Validity follows the
    /// ``Scorer`` defaults: `mean` needs one answered item, `sum` needs all.
    public static func instrument(scales: [QuickScale], range: Range,
                                  scoring: Scale.Scoring = .mean) throws(QuickScaleError) -> Instrument {
        guard !scales.isEmpty else { throw QuickScaleError("no --scale given") }
        var seenScales = Set<String>()
        var items: [Item] = []
        var itemIndex: [String: Int] = [:]
        var built: [Scale] = []
        for q in scales {
            guard seenScales.insert(q.name).inserted else {
                throw QuickScaleError("--scale '\(q.name)' is given twice")
            }
            guard !q.entries.isEmpty else { throw QuickScaleError("--scale '\(q.name)' has no items") }
            var members: [Scale.Member] = []
            for e in q.entries {
                if itemIndex[e.column] == nil {
                    itemIndex[e.column] = items.count
                    items.append(Item(id: e.column, number: items.count + 1, column: e.column,
                                      responseScale: "range"))
                }
                members.append(Scale.Member(kind: .item, ref: e.column, reversed: e.reversed ? true : nil))
            }
            built.append(Scale(id: q.name, name: q.name, members: members, scoring: scoring,
                               key: KeyProvenance(source: "command line", verification: .primary)))
        }
        let spec = scales.map { q in
            q.name + "=" + q.entries.map { ($0.reversed ? "-" : "") + $0.column }.joined(separator: ",")
        }
        let rangeText = "\(ScoreFormat.shortest.string(range.min))-\(ScoreFormat.shortest.string(range.max))"
            + (range.step == 1 ? "" : ":\(ScoreFormat.shortest.string(range.step))")
        return Instrument(
            id: instrumentID, version: "1", name: "Quick scales", abbreviation: "quick",
            construct: .other, respondent: .client,
            description: "Defined on the command line: "
                + spec.map { "--scale \($0)" }.joined(separator: " ")
                + " --range \(rangeText) --scoring \(scoring.rawValue)",
            responseScales: [ResponseScale(id: "range", min: range.min, max: range.max, step: range.step)],
            items: items, scales: built,
            provenance: Provenance(citation: "Defined on the command line"),
            licence: Licence(use: .unknown, terms: ""))
    }
}

/// A quick `--scale` or `--range` that cannot be read; the message names the argument.
public struct QuickScaleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension StringProtocol {
    /// The string without leading and trailing ASCII spaces and tabs.
    fileprivate func trimmingASCIISpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
