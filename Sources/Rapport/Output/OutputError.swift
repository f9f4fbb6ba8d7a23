/// An output that cannot be written: the target is an input, a folder, or cannot be created,
/// written, synced or renamed. Always exit status 2.
public struct OutputError: RapportError, Hashable {
    /// The path as the user gave it (`standard output` for `-`).
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    public var exitStatus: ExitStatus { .unusable }
    public var description: String { "\(path): \(message)" }
}
