/// One cell of a session column, as the audit reads it.
///
/// Accepted forms (one kind per column, fixed by the column's first administration row):
/// - **number**: `1`, `2`, `3.5` (a REDCap `redcap_repeat_instance`, a session number);
/// - **date**: ISO 8601 `YYYY-MM-DD`, optionally with a time `HH:MM`, `HH:MM:SS` or
///   `HH:MM:SS.fff` after `T` or a space (REDCap and Qualtrics write `2026-01-12 14:30`), and
///   optionally a zone `Z`, `±HH:MM` or `±HHMM` (then every date-time of the column needs one);
///   a date alone is midnight;
/// - **event**: a REDCap unique event name — a letter, then letters, digits or `_`
///   (`screening_arm_1`), ordered as the records list them (``SessionOrdering``) or by
///   `--session-order`.
///
/// Session values are not IDs: messages quote them.
enum SessionValue: Equatable {
    case number(Double)
    /// Seconds since 1970-01-01 00:00 (UTC when `zoned`).
    case date(Double, zoned: Bool)
    case event(String)
    /// Shaped like an ISO date (`dddd-d…`) but not a real one; the reason says why.
    case badDate(String)
    /// None of the accepted forms.
    case other

    /// The accepted forms, for messages.
    static let acceptedForms = "accepted session values: numbers (1, 2, 3.5); ISO 8601 dates or date-times (2026-01-12, 2026-01-12 14:30, 2026-01-12T14:30:00+01:00); or REDCap event names (a letter, then letters, digits or _: screening_arm_1), ordered as the records list them or by --session-order a,b,c; one kind per column"

    /// The kind's name in messages and in the result's `sessionOrder`.
    var kind: String? {
        switch self {
        case .number: "number"
        case .date: "date"
        case .event: "event"
        case .badDate, .other: nil
        }
    }

    /// Classifies a trimmed, non-empty cell.
    static func classify(_ s: String) -> SessionValue {
        let b = Array(s.utf8)
        if let x = number(b) { return .number(x) }
        if b.count >= 6, b[0...3].allSatisfy(isDigit), b[4] == UInt8(ascii: "-"), isDigit(b[5]) {
            return date(b)
        }
        if let first = b.first, isLetter(first), b.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }) {
            return .event(s)
        }
        return .other
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= 97 && (c | 0x20) <= 122 }

    /// `[+-]digits[.digits]`, finite.
    static func number(_ b: [UInt8]) -> Double? {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        let start = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        guard i > start else { return nil }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let frac = i
            while i < b.count, isDigit(b[i]) { i += 1 }
            guard i > frac else { return nil }
        }
        guard i == b.count, let x = Double(String(decoding: b, as: UTF8.self)), x.isFinite else { return nil }
        return x
    }

    /// Parses an ISO 8601 date or date-time; `.badDate` with the reason otherwise.
    static func date(_ b: [UInt8]) -> SessionValue {
        let text = String(decoding: b, as: UTF8.self)
        func bad(_ why: String) -> SessionValue { .badDate(why) }
        func digits(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= b.count, b[r].allSatisfy(isDigit) else { return nil }
            return Int(String(decoding: b[r], as: UTF8.self))
        }
        guard b.count >= 10, b[7] == UInt8(ascii: "-"), digits(0..<4) != nil, let mo = digits(5..<7), let d = digits(8..<10) else {
            return bad("\"\(text)\" is not an ISO 8601 date: write YYYY-MM-DD")
        }
        guard (1...12).contains(mo), d >= 1, let civil = CivilDate(iso: String(decoding: b[0..<10], as: UTF8.self)) else {
            return bad("\"\(text)\" is not a calendar date (month \(mo), day \(d))")
        }
        var seconds = Double(civil.daysSinceEpoch) * 86_400
        var i = 10
        if i == b.count { return .date(seconds, zoned: false) }
        guard b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: " "), let h = digits(i + 1..<i + 3),
              i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"), let mi = digits(i + 4..<i + 6) else {
            return bad("\"\(text)\" is not an ISO 8601 date-time: write YYYY-MM-DD HH:MM (or with T, and :SS)")
        }
        guard h <= 23, mi <= 59 else { return bad("\"\(text)\" has no such time of day (\(h):\(mi))") }
        seconds += Double(h * 3600 + mi * 60)
        i += 6
        if i < b.count, b[i] == UInt8(ascii: ":") {
            guard let s = digits(i + 1..<i + 3), s <= 60 else {
                return bad("\"\(text)\" is not an ISO 8601 date-time: seconds are two digits 00–59")
            }
            seconds += Double(s)
            i += 3
            if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                let start = i + 1
                i = start
                while i < b.count, isDigit(b[i]) { i += 1 }
                guard i > start, let f = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) else {
                    return bad("\"\(text)\" has an empty fraction of a second")
                }
                seconds += f
            }
        }
        if i == b.count { return .date(seconds, zoned: false) }
        if b[i] == UInt8(ascii: "Z"), i + 1 == b.count { return .date(seconds, zoned: true) }
        if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign: Double = b[i] == UInt8(ascii: "+") ? 1 : -1
            let rest = b.count - i - 1
            let oh = digits(i + 1..<i + 3)
            let om: Int? = rest == 5 && b[i + 3] == UInt8(ascii: ":") ? digits(i + 4..<i + 6)
                : rest == 4 ? digits(i + 3..<i + 5) : rest == 2 ? 0 : nil
            if let oh, let om, oh <= 23, om <= 59 {
                return .date(seconds - sign * Double(oh * 3600 + om * 60), zoned: true)
            }
        }
        return bad("\"\(text)\" is not an ISO 8601 date-time: after the time only Z, +HH:MM or -HH:MM may follow")
    }
}
