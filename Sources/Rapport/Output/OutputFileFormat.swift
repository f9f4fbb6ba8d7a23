import Foundation

/// The format an output file's name asks for (`-o report.html`), shared by `reliability`,
/// `merge` and `check`. Files are written with ``OutputFile``.
public enum OutputFileFormat: String, Sendable, Hashable {
    case text, json, markdown, html, xml

    /// The format implied by `path`'s extension, ignoring case: `.txt`/`.text` `.json`
    /// `.md`/`.markdown` `.html`/`.htm`/`.xhtml` `.xml`; `nil` for standard output (`nil`
    /// or `-`) or another extension.
    public init?(path: String?) {
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
}
