/// Knobs the fuzz targets (Fuzz/, a separate package) turn to reach chunk boundaries and
/// window growth with inputs of a few kilobytes. Not API: `@_spi(Fuzzing)`.
extension ReaderOptions {
    /// The byte grid chunks are cut on (default 256 KiB).
    @_spi(Fuzzing) public var fuzzingGridSize: Int {
        get { gridSize }
        set { gridSize = max(1, newValue) }
    }

    /// Bytes per file mapping (default 16 MiB; at least a page is mapped).
    @_spi(Fuzzing) public var fuzzingWindowSize: Int {
        get { windowSize }
        set { windowSize = max(1, newValue) }
    }

    /// Whether rows of one-byte fields take the fast loop.
    @_spi(Fuzzing) public var fuzzingFastRows: Bool {
        get { fastRows }
        set { fastRows = newValue }
    }
}
