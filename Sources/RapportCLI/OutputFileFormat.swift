import Foundation

/// The format an output file's name asks for (`-o report.html`), shared by `reliability`,
/// `merge` and `check`. Files are written with `OutputFile` (Rapport's one output layer).
enum OutputFileFormat: String {
    case text, json, markdown, html, xml

    /// The format implied by `path`'s extension: `.txt` `.json` `.md`/`.markdown`
    /// `.html`/`.htm`/`.xhtml` `.xml`; `nil` for standard output or another extension.
    init?(path: String?) {
        guard let path, path != "-" else { return nil }
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "txt", "text": self = .text
        case "json": self = .json
        case "md", "markdown": self = .markdown
        case "html", "htm", "xhtml": self = .html
        case "xml": self = .xml
        default: return nil
        }
    }

    /// `--stamp`'s value: the current UTC time, ISO 8601 to the second.
    static func stamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: Date())
    }
}
