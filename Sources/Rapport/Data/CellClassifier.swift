/// Classifies one cell of an item column against the item's response scale and tokens.
///
/// Order of the checks, after trimming ASCII spaces around the cell:
/// 1. empty → `missing`;
/// 2. the cell equals a token (the scale's declared missing / not-applicable codes, then
///    the reader's `--na` tokens, `NA` by default) → `missing` or `notApplicable`;
/// 3. not a decimal number (`[+-]digits[.digits]`, exponent allowed): the cell is looked up in
///    the item's ``LabelTable`` (an anchor label, a declared code's label, a `--recode` row:
///    read as what it stands for), else, when decimal commas are read, `[+-]digits,digits` is
///    the number with a point; else `invalid`, non-numeric;
/// 4. outside `[min, max]` → `invalid`, out-of-range;
/// 5. `(x − min) / step` not an integer (within 1e-9 relative) → `invalid`, off-grid;
/// 6. otherwise `answered` with the value.
///
/// A number that fails 4 or 5 is looked up in the label table too when some label is itself a
/// number (a `--recode` row for `-99`); a valid answer is never looked up, so the label table
/// costs nothing on numeric cells.
///
/// Single-digit cells, the common case, are answered from a table built with these same
/// rules, so the fast path cannot disagree with the general one.
struct CellClassifier: Sendable {
    let min: Double
    let max: Double
    let step: Double
    /// Tokens and the status they stand for, first match wins.
    let tokens: [(bytes: [UInt8], status: CellStatus)]
    /// Whether a token could also parse as a number (`99`, `-9`): then tokens are checked
    /// before numbers.
    let hasNumericTokens: Bool
    /// Labels read instead of numbers (anchors, codes, recodes).
    let labels: LabelTable
    /// Whether `7,3` is read as 7.3.
    let decimalComma: Bool
    private var digitTable: [Result] = []
    /// Whether every single-digit cell reads as written (no `--recode` row for a digit): only
    /// then may the fast loops write digits from the tables without counting them.
    private(set) var digitsPlain = true

    struct Result: Sendable, Equatable {
        var value: Double
        var status: CellStatus
        /// Set when `status == .invalid`.
        var kind: Finding.Kind?
        /// How a cell that is not a number as written was read (for the summary's counts).
        var reading: CellReading = .plain
    }

    init(scale: ResponseScale, naTokens: [String], labels: LabelTable = LabelTable(), decimalComma: Bool = false) {
        self.labels = labels
        self.decimalComma = decimalComma
        min = scale.min
        max = scale.max
        step = scale.step > 0 ? scale.step : 1
        var tokens: [(bytes: [UInt8], status: CellStatus)] = []
        var seen = Set<[UInt8]>()
        for code in scale.codes {
            let b = Array(Self.trimmed(code.token).utf8)
            guard !b.isEmpty, seen.insert(b).inserted else { continue }
            tokens.append((b, code.meaning == .notApplicable ? .notApplicable : .missing))
        }
        for t in naTokens {
            let b = Array(Self.trimmed(t).utf8)
            guard !b.isEmpty, seen.insert(b).inserted else { continue }
            tokens.append((b, .missing))
        }
        self.tokens = tokens
        hasNumericTokens = tokens.contains { t in
            t.bytes.withUnsafeBufferPointer { Self.parseNumber($0) != nil }
        }
        var table: [Result] = []
        for d in 0...9 {
            let b: [UInt8] = [UInt8(0x30 + d)]
            table.append(b.withUnsafeBufferPointer { classifySlow($0) })
        }
        digitTable = table
        digitsPlain = table.allSatisfy { $0.reading == .plain }
    }

    private static func trimmed(_ s: String) -> Substring {
        var sub = Substring(s)
        while sub.first == " " { sub.removeFirst() }
        while sub.last == " " { sub.removeLast() }
        return sub
    }

    @inline(__always)
    func classify(_ cell: UnsafeBufferPointer<UInt8>) -> Result {
        if cell.count == 1 {
            let d = cell[0] &- 0x30
            if d < 10 { return digitTable[Int(d)] }
        }
        return classifySlow(cell)
    }

    func classifySlow(_ raw: UnsafeBufferPointer<UInt8>) -> Result {
        var lo = 0
        var hi = raw.count
        while lo < hi && raw[lo] == 0x20 { lo += 1 }
        while hi > lo && raw[hi - 1] == 0x20 { hi -= 1 }
        if lo == hi { return Result(value: .nan, status: .missing, kind: nil) }
        let cell = UnsafeBufferPointer(rebasing: raw[lo..<hi])
        let number = Self.parseNumber(cell)
        if number == nil || hasNumericTokens {
            for t in tokens where t.bytes.count == cell.count {
                if t.bytes.withUnsafeBufferPointer({ memoryEqual($0, cell) }) {
                    return Result(value: .nan, status: t.status, kind: nil)
                }
            }
        }
        guard let x = number else { return notANumber(cell) }
        let r = judge(x)
        if _slowPath(r.status == .invalid && labels.hasNumericLabels), let e = labels.lookup(cell) {
            return Result(value: e.value, status: e.status, kind: nil, reading: e.reading)
        }
        return r
    }

    /// A number against the range and the grid.
    @inline(__always)
    private func judge(_ x: Double) -> Result {
        let tol = 1e-9 * Swift.max(1, abs(min), abs(max))
        if x < min - tol || x > max + tol {
            return Result(value: .nan, status: .invalid, kind: .outOfRange)
        }
        let k = (x - min) / step
        if abs(k - k.rounded()) > 1e-9 * Swift.max(1, abs(k)) {
            return Result(value: .nan, status: .invalid, kind: .offGrid)
        }
        return Result(value: x, status: .answered, kind: nil)
    }

    /// A trimmed cell that is neither a token nor a number: a label, a decimal comma, or invalid.
    private func notANumber(_ cell: UnsafeBufferPointer<UInt8>) -> Result {
        if !labels.isEmpty, let e = labels.lookup(cell) {
            return Result(value: e.value, status: e.status, kind: nil, reading: e.reading)
        }
        if decimalComma, CellLook.isDecimalComma(cell), let x = Self.parseDecimalComma(cell) {
            var r = judge(x)
            if r.status == .answered { r.reading = .decimalComma }
            return r
        }
        return Result(value: .nan, status: .invalid, kind: .nonNumeric)
    }

    /// `[+-]digits,digits` as the number with a decimal point.
    static func parseDecimalComma(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: cell.count) { buf in
            for i in 0..<cell.count { buf[i] = cell[i] == 0x2C ? 0x2E : cell[i] }
            return parseNumber(UnsafeBufferPointer(buf))
        }
    }

    @inline(__always)
    private func memoryEqual(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    private static let powersOfTen: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// Parses `[+-]digits[.digits]` (at least one digit) exactly: up to 15 significant digits
    /// the result is `mantissa / 10^decimals`, one correctly rounded division. Anything longer,
    /// or with an exponent, goes through the standard library. Returns `nil` for anything else
    /// (including `inf`, `nan`, hex, a lone sign or point).
    static func parseNumber(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        let n = s.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if s[0] == 0x2D || s[0] == 0x2B {
            negative = s[0] == 0x2D
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var decimals = 0
        var sawPoint = false
        var sawDigit = false
        while i < n {
            let c = s[i]
            let d = c &- 0x30
            if d < 10 {
                sawDigit = true
                if mantissa == 0 && d == 0 {
                    if sawPoint { decimals += 1 }
                } else {
                    if digits >= 15 { return slowParse(s) }
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    digits += 1
                    if sawPoint { decimals += 1 }
                }
            } else if c == 0x2E && !sawPoint {
                sawPoint = true
            } else if c == 0x65 || c == 0x45 {
                return sawDigit ? slowParse(s) : nil
            } else {
                return nil
            }
            i += 1
        }
        guard sawDigit else { return nil }
        if decimals > 22 { return slowParse(s) }
        let v = decimals == 0 ? Double(mantissa) : Double(mantissa) / powersOfTen[decimals]
        return negative ? -v : v
    }

    private static func slowParse(_ s: UnsafeBufferPointer<UInt8>) -> Double? {
        for c in s {
            let ok = (c >= 0x30 && c <= 0x39) || c == 0x2E || c == 0x2B || c == 0x2D || c == 0x65 || c == 0x45
            if !ok { return nil }
        }
        guard let v = Double(String(decoding: s, as: UTF8.self)), v.isFinite else { return nil }
        return v
    }
}
