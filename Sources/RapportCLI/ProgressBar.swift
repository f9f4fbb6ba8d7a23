#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Rapport
import Synchronization

/// A one-line progress display on standard error for long reads: rows, MB/s, share done and ETA.
///
/// Shown only when standard error is a terminal and `--quiet` is not given, so tests, pipes and
/// log files never see it. Redrawn at most every 0.2 s (the reader reports once per chunk);
/// ``finish()`` erases the line before the summary is printed.
final class ProgressBar: Sendable {
    private struct State {
        var lastDraw = -1.0
        var drawn = false
    }

    private let state = Mutex(State())
    private let interval: Double

    /// A bar, or `nil` when it must stay silent (`quiet`, or standard error not a terminal).
    static func make(quiet: Bool) -> ProgressBar? {
        quiet || isatty(2) == 0 ? nil : ProgressBar(interval: 0.2)
    }

    init(interval: Double) { self.interval = interval }

    /// The reader's progress callback.
    var callback: @Sendable (ReadProgress) -> Void {
        { [self] p in self.update(p) }
    }

    func update(_ p: ReadProgress) {
        let draw = state.withLock { s -> Bool in
            if p.elapsed < s.lastDraw { s.lastDraw = -1 }  // a second read (two-pass screens)
            guard p.elapsed - s.lastDraw >= interval else { return false }
            s.lastDraw = p.elapsed
            s.drawn = true
            return true
        }
        if draw { Self.write("\r" + Self.line(p) + "\u{1B}[K") }
    }

    /// Erases the bar (if it was ever drawn) so the next line starts clean.
    func finish() {
        let drawn = state.withLock { s -> Bool in
            defer { s.drawn = false }
            return s.drawn
        }
        if drawn { Self.write("\r\u{1B}[K") }
    }

    /// `  1,234,567 rows   512.3 MB/s   [#########-----------]  45%  ETA 0:03`, within 80 columns.
    static func line(_ p: ReadProgress) -> String {
        var s = "\(grouped(p.rowsRead)) rows  \(String(format: "%7.1f", p.rate / 1e6)) MB/s"
        if let total = p.bytesTotal, total > 0 {
            let f = min(1, max(0, Double(p.bytesDone) / Double(total)))
            let width = 20
            let filled = Int((f * Double(width)).rounded(.down))
            s += "  [" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            s += String(format: " %3d%%", Int((f * 100).rounded(.down)))
            if let left = p.remaining { s += "  ETA " + clock(left) }
        } else {
            s += String(format: "  %.1f MB read", Double(p.bytesDone) / 1e6)
        }
        return s
    }

    /// `1234567` → `1,234,567`.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// Seconds as `m:ss`, or `h:mm:ss` from an hour on.
    static func clock(_ seconds: Double) -> String {
        let t = Int(seconds.rounded(.up))
        let (h, m, s) = (t / 3600, t / 60 % 60, t % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
