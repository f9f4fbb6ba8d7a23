import Foundation

extension InstrumentLoader {
    /// The definition files a path names: itself, or every `*.xml` under a folder in
    /// path order. A missing path or an empty folder yields one unreadable entry.
    public static func definitionFiles(at path: String) -> [(path: String, problem: InstrumentError?)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return [(path, InstrumentError(code: .unreadable, file: path, message: "no such file or folder"))]
        }
        guard isDirectory.boolValue else { return [(path, nil)] }
        // A folder given through a symbolic link is walked at its target (the enumerator does
        // not descend into a link); files are still named under the path as given.
        let base = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            return [(path, InstrumentError(code: .unreadable, file: path, message: "the folder cannot be read"))]
        }
        var found: [String] = []
        for case let url as URL in walker where url.pathExtension.lowercased() == "xml" {
            let relative = url.path.hasPrefix(base.path) ? String(url.path.dropFirst(base.path.count)) : url.path
            let joined = path.hasSuffix("/") ? path + relative.drop { $0 == "/" } : path + relative
            found.append(joined)
        }
        if found.isEmpty {
            return [(path, InstrumentError(code: .unreadable, file: path, message: "the folder contains no .xml files"))]
        }
        return found.sorted().map { ($0, nil) }
    }
}
