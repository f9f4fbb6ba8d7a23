/// One unit of parallel work: the rows in `[start, end)` of the input, cut at row boundaries.
struct Chunk: Sendable {
    /// 0-based position of the chunk in input order.
    var index: Int
    /// The window holding the bytes; keeps them mapped while the chunk is in flight.
    var window: ByteWindow
    var start: Int
    var end: Int
    /// 1-based line number of the chunk's first byte.
    var firstLine: Int
    /// Number of `\n` bytes in the chunk (an upper bound on its rows, less one when the
    /// input ends without a newline).
    var newlines: Int
    /// Whether the chunk ends the input (the only place an unterminated quote can be).
    var endsInput: Bool

    var byteCount: Int { end - start }
}

/// Cuts the input into chunks on a fixed byte grid, independent of the thread count.
///
/// ```
/// boundary(g) = first record start at or after grid point g   (g = k · gridSize)
/// chunk       = [boundary(previous), boundary(first grid point past its start))
/// ```
/// A record start is an offset just past a `\n` preceded by an even number of `"` bytes
/// (see ``ByteScan``). Quote parity inside `[start, g)` is found by counting, then a short
/// serial scan from `g` finds the boundary. Line numbers are counted on the way, so every
/// chunk knows its first line before any worker parses it. A row longer than the grid makes
/// its chunk span several grid cells; no chunk is ever empty.
struct ChunkScanner {
    let source: any ByteSource
    let gridSize: Int
    /// Absolute offset where the next chunk starts (always a record start).
    private(set) var position: Int
    /// Line number at `position`.
    private(set) var line: Int
    /// Where to stop (a record start), or `nil` for the end of the input.
    let limit: Int?
    private var window: ByteWindow?
    private var index = 0

    init(source: any ByteSource, gridSize: Int, start: Int, line: Int, limit: Int? = nil,
         window: ByteWindow? = nil) {
        precondition(gridSize > 0)
        self.source = source
        self.gridSize = gridSize
        self.position = start
        self.line = line
        self.limit = limit
        self.window = window
    }

    /// Makes sure the current window holds `[position, upTo)`, or reaches the end.
    private mutating func ensure(upTo: Int) throws(DataError) -> ByteWindow {
        if let w = window, w.start <= position, w.end >= upTo || w.reachesEnd {
            return w
        }
        let w = try source.window(from: position, minimum: upTo - position)
        window = w
        return w
    }

    mutating func next() throws(DataError) -> Chunk? {
        if let limit, position >= limit { return nil }
        let grid = (position / gridSize + 1) * gridSize
        var w = try ensure(upTo: limit.map { min($0, grid) } ?? grid)
        if position >= w.end && w.reachesEnd { return nil }

        let end: Int
        var newlines: Int
        if let limit, grid >= limit {
            // The shard's end is a record start: cut there.
            w = try ensure(upTo: limit)
            end = min(limit, w.end)
            newlines = ByteScan.countNewlinesAndQuotes(w.pointer(position), count: end - position).newlines
        } else if w.reachesEnd && w.end <= grid {
            // The input ends before the next grid point.
            end = w.end
            newlines = ByteScan.countNewlinesAndQuotes(w.pointer(position), count: end - position).newlines
        } else {
            let counts = ByteScan.countNewlinesAndQuotes(w.pointer(position), count: grid - position)
            newlines = counts.newlines
            var inQuotes = counts.quotes & 1 == 1
            var scanned = grid
            var found: Int?
            while true {
                let r = ByteScan.nextRecordEnd(w.pointer(scanned), count: w.end - scanned, inQuotes: inQuotes)
                newlines += r.newlines
                if let e = r.end {
                    found = scanned + e
                    break
                }
                inQuotes = r.inQuotes
                scanned = w.end
                if w.reachesEnd { break }
                // A long row (or an open quote): grow the window from the chunk start.
                w = try ensure(upTo: position + 2 * (w.end - position))
            }
            end = found ?? w.end
        }
        let chunk = Chunk(index: index, window: w, start: position, end: end, firstLine: line,
                          newlines: newlines, endsInput: w.reachesEnd && end == w.end)
        index += 1
        line += newlines
        position = end
        return chunk
    }
}
