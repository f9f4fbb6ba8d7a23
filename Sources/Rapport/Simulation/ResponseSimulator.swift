import RapportStatistics

/// Cross-sectional responses for one instrument: one row per respondent, drawn from the
/// graded-response model of ``SimulationModel``, with optional MCAR missing cells,
/// not-applicable answers and planted careless rows.
///
/// Random streams (all derived from `SeededGenerator(seed:)`, so output is identical at any
/// thread count):
/// ```
/// stream(0)        which rows are careless, and their kind
/// stream(3b + 1)   model responses of row block b (4096 rows)
/// stream(3b + 2)   answers of the careless rows in block b
/// stream(3b + 3)   missing / not-applicable masks in block b
/// ```
/// Separate streams make the options orthogonal: with the same seed, adding `--missing`
/// only blanks cells, and adding `--careless` only replaces the planted rows.
public struct ResponseSimulator: Sendable {
    public struct Options: Sendable, Hashable {
        public var rows: Int
        public var seed: UInt64
        /// Probability that a cell of a non-careless row is empty (MCAR).
        public var missingRate: Double
        /// Share of rows replaced by careless responders (half straight-liners, half random).
        public var carelessRate: Double
        /// Probability that an eligible cell is answered not-applicable.
        public var notApplicableRate: Double
        /// Items (id, column or number) that may be answered not-applicable; empty means
        /// every item whose response scale declares a not-applicable code.
        public var notApplicableItems: [String]
        public var threads: Int
        public init(rows: Int, seed: UInt64, missingRate: Double = 0, carelessRate: Double = 0,
                    notApplicableRate: Double = 0, notApplicableItems: [String] = [],
                    threads: Int = 1) {
            self.rows = rows
            self.seed = seed
            self.missingRate = missingRate
            self.carelessRate = carelessRate
            self.notApplicableRate = notApplicableRate
            self.notApplicableItems = notApplicableItems
            self.threads = threads
        }
    }

    public enum CarelessKind: String, Sendable, Hashable, CaseIterable {
        /// The same raw answer on every item (reverse-keyed ones included).
        case straightLine = "straight-line"
        /// Every item answered uniformly at random over its grid.
        case random
    }

    /// A planted careless row: 1-based data row and the file line it is written on.
    public struct CarelessRow: Sendable, Hashable {
        public var row: Int
        public var line: Int
        public var kind: CarelessKind
    }

    static let blockRows = 4096

    let model: SimulationModel
    let kernel: SimulationKernel
    let notApplicableTokens: [[UInt8]]
    public let options: Options
    /// Planted careless rows in row order.
    public let carelessRows: [CarelessRow]
    let notApplicableEligible: [Bool]
    let idWidth: Int

    public init(instrument: Instrument, options: Options) throws {
        guard options.rows >= 1 else { throw SimulationError(.option, "--rows must be at least 1") }
        for (name, r) in [("--missing", options.missingRate), ("--careless", options.carelessRate),
                          ("--na-rate", options.notApplicableRate)] {
            guard r.isFinite, r >= 0, r < 1 else {
                throw SimulationError(.option, "\(name) must be a proportion in [0, 1), got \(r)")
            }
        }
        guard options.missingRate + options.notApplicableRate < 1 else {
            throw SimulationError(.option, "--missing plus --na-rate must stay below 1")
        }
        model = try SimulationModel(instrument)
        kernel = SimulationKernel(model)
        notApplicableTokens = model.items.map { Array(($0.notApplicableToken ?? "").utf8) }
        self.options = options

        var eligible = model.items.map { $0.notApplicableToken != nil }
        if !options.notApplicableItems.isEmpty {
            var chosen = [Bool](repeating: false, count: model.items.count)
            for ref in options.notApplicableItems {
                guard let j = model.items.firstIndex(where: { $0.id == ref || $0.column == ref || String($0.number) == ref }) else {
                    throw SimulationError(.option, "--na-items: \(instrument.id) has no item '\(ref)' (give an item id, column or number)")
                }
                guard eligible[j] else {
                    throw SimulationError(.option, "--na-items: item \(model.items[j].id) has no not-applicable code in its response scale")
                }
                chosen[j] = true
            }
            eligible = chosen
        }
        if options.notApplicableRate > 0, !eligible.contains(true) {
            throw SimulationError(.option, "--na-rate: no item of \(instrument.id) declares a not-applicable code")
        }
        notApplicableEligible = eligible
        idWidth = max(6, String(options.rows).count)
        carelessRows = Self.plantCareless(rows: options.rows, rate: options.carelessRate, seed: options.seed)
    }

    /// Chooses round(rate · rows) distinct rows (Floyd's algorithm), then shuffles them and
    /// makes the first ⌈n/2⌉ straight-liners and the rest random responders.
    static func plantCareless(rows: Int, rate: Double, seed: UInt64) -> [CarelessRow] {
        let n = min(rows, Int((rate * Double(rows)).rounded()))
        guard n > 0 else { return [] }
        var g = SeededGenerator(seed: seed).stream(0)
        var chosen = Set<Int>(minimumCapacity: n)
        for j in (rows - n)..<rows {
            let t = g.nextIndex(below: j + 1)
            if !chosen.insert(t).inserted { chosen.insert(j) }
        }
        var picked = chosen.sorted()
        for i in stride(from: picked.count - 1, to: 0, by: -1) {
            picked.swapAt(i, g.nextIndex(below: i + 1))
        }
        let straight = (n + 1) / 2
        var out = picked.enumerated().map { i, r in
            CarelessRow(row: r + 1, line: r + 2, kind: i < straight ? .straightLine : .random)
        }
        out.sort { $0.row < $1.row }
        return out
    }

    /// The header line: `id` then each item's default column.
    func header() -> [UInt8] {
        var b = CSVLineBuffer()
        b.ascii("id")
        for item in model.items {
            b.comma()
            b.field(item.column)
        }
        b.newline()
        return b.bytes
    }

    /// Writes the whole CSV (header, then rows in order) through `sink`, block by block.
    public func write(_ sink: ([UInt8]) throws -> Void) throws {
        try sink(header())
        let blocks = (options.rows + Self.blockRows - 1) / Self.blockRows
        try ChunkPipeline(threads: options.threads).map(count: blocks, work: { self.block($0) }, deliver: sink)
    }

    /// The careless side file: `row,line,kind`.
    public func carelessCSV() -> [UInt8] {
        var b = CSVLineBuffer()
        b.ascii("row,line,kind\n")
        for c in carelessRows {
            b.ascii("\(c.row),\(c.line),\(c.kind.rawValue)\n")
        }
        return b.bytes
    }

    /// CSV bytes of row block `index`.
    func block(_ index: Int) -> [UInt8] {
        let first = index * Self.blockRows
        let end = min(options.rows, first + Self.blockRows)
        let root = SeededGenerator(seed: options.seed)
        var responses = root.stream(UInt64(3 * index + 1))
        var careless = root.stream(UInt64(3 * index + 2))
        var masks = root.stream(UInt64(3 * index + 3))

        let kern = kernel
        let k = kern.itemCount
        let missingRate = options.missingRate, naRate = options.notApplicableRate
        var z = [Double](repeating: 0, count: kern.factorCount)
        var theta = z
        var cats = [Int](repeating: 0, count: k)
        // 0 answered, 1 missing, 2 not applicable
        var state = [UInt8](repeating: 0, count: k)
        let reference = kern.fixed.firstIndex { $0 < 0 } ?? 0
        var nextCareless = carelessRows.partitionPoint { $0.row - 1 < first }
        var out = CSVLineBuffer(reservingCapacity: (end - first) * (idWidth + 2 + 4 * k))

        z.withUnsafeMutableBufferPointer { z in
        theta.withUnsafeMutableBufferPointer { theta in
        cats.withUnsafeMutableBufferPointer { cats in
        state.withUnsafeMutableBufferPointer { state in
            for r in first..<end {
                kern.drawRow(&responses, z: z, theta: theta, raw: cats)
                for j in 0..<k {
                    var s: UInt8 = 0
                    if missingRate > 0, masks.nextUniform() < missingRate { s = 1 }
                    if naRate > 0, notApplicableEligible[j] {
                        let u = masks.nextUniform()
                        if s == 0, u < naRate { s = 2 }
                    }
                    state[j] = s
                }
                if nextCareless < carelessRows.count, carelessRows[nextCareless].row - 1 == r {
                    switch carelessRows[nextCareless].kind {
                    case .straightLine:
                        let kr = kern.categories[reference]
                        let c0 = careless.nextIndex(below: kr)
                        for j in 0..<k {
                            let kj = kern.categories[j]
                            cats[j] = kr == 1 ? 0 : Int((Double(c0) * Double(kj - 1) / Double(kr - 1)).rounded())
                        }
                    case .random:
                        for j in 0..<k { cats[j] = careless.nextIndex(below: kern.categories[j]) }
                    }
                    for j in 0..<k { state[j] = 0 }
                    nextCareless += 1
                }
                out.bytes.append(UInt8(ascii: "P"))
                out.padded(r + 1, width: idWidth)
                for j in 0..<k {
                    out.comma()
                    switch state[j] {
                    case 0: out.fixed(kern.scaledMin[j] + cats[j] * kern.scaledStep[j], decimals: kern.decimals[j])
                    case 2: out.bytes.append(contentsOf: notApplicableTokens[j])
                    default: break
                    }
                }
                out.newline()
            }
        }
        }
        }
        }
        return out.bytes
    }
}

extension SeededGenerator {
    /// Uniform integer in `0..<n` as the high word of `next() · n` (Lemire without the
    /// rejection step: bias ≤ n / 2⁶⁴). Defined here, not via `Int.random(in:using:)`, so
    /// simulated files stay byte-identical whatever the standard library's algorithm.
    @inline(__always)
    mutating func nextIndex(below n: Int) -> Int {
        Int(UInt64(n).multipliedFullWidth(by: next()).high)
    }
}

extension Array {
    /// First index whose element does not satisfy `belongs` (elements satisfying it come first).
    fileprivate func partitionPoint(_ belongs: (Element) -> Bool) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if belongs(self[mid]) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
