import Foundation
import Rapport

/// The tool's standard output and standard error, written with `write(2)` (never glibc's
/// mutable `stderr` global, never a `FileHandle` that traps on failure).
///
/// A standard stream that cannot be written ends the run: a closed pipe on standard output
/// quietly with 141, any other failure (`> /dev/full`) with 2 after a message on standard
/// error when that still works. Temporary output files are removed first.
enum Console {
    /// One line (or several) on standard error, its control characters escaped
    /// (``MessageText``): no message can drive the terminal.
    static func error(_ line: String) {
        write(Array((MessageText.escaped(line, keepingLayout: true) + "\n").utf8), to: 2)
    }

    /// Text on standard output, as is.
    static func out(_ text: String) {
        write(Array(text.utf8), to: 1)
    }

    private static func write(_ bytes: [UInt8], to fd: Int32) {
        do {
            try OutputFile.writeAll(fd, bytes, name: fd == 1 ? "standard output" : "standard error")
        } catch is BrokenPipe {
            Termination.exit(ExitStatus.brokenPipe.rawValue)
        } catch {
            if fd == 1 { try? OutputFile.writeAll(2, Array("rapport: \(error)\n".utf8), name: "standard error") }
            Termination.exit(ExitStatus.unusable.rawValue)
        }
    }
}
