/// Walks forward through an input to find record starts at or after given offsets, counting
/// lines on the way: how a shard finds where it begins and ends.
///
/// The bytes before an offset are counted (newlines and quotes, at memory speed), never
/// parsed; the quote parity gives the state at the offset, and a short scan finds the next
/// record start.
struct RecordBoundaryFinder {
    let source: any ByteSource
    let size: Int
    /// Current position: a record start, with its line.
    private(set) var position: Int
    private(set) var line: Int
    private var window: ByteWindow?

    init(source: any ByteSource, size: Int, start: Int, line: Int) {
        self.source = source
        self.size = size
        self.position = start
        self.line = line
    }

    private mutating func window(at offset: Int) throws(DataError) -> ByteWindow {
        if let w = window, w.start <= offset, offset < w.end { return w }
        let w = try source.window(from: offset, minimum: 1)
        window = w
        return w
    }

    /// Moves to the first record start at or after `target` (or the end) and returns it.
    mutating func advance(to target: Int) throws(DataError) -> (offset: Int, line: Int) {
        guard target > position else { return (position, line) }
        // Count everything in [position, target): parity and lines.
        var at = position
        var inQuotes = false
        var newlines = 0
        let stop = min(target, size)
        while at < stop {
            let w = try window(at: at)
            let n = min(stop, w.end) - at
            guard n > 0 else { break }
            let c = ByteScan.countNewlinesAndQuotes(w.pointer(at), count: n)
            newlines += c.newlines
            if c.quotes & 1 == 1 { inQuotes.toggle() }
            at += n
        }
        // Then find the record end from there.
        var boundary = size
        while at < size {
            let w = try window(at: at)
            let r = ByteScan.nextRecordEnd(w.pointer(at), count: w.end - at, inQuotes: inQuotes)
            newlines += r.newlines
            if let e = r.end {
                boundary = at + e
                break
            }
            inQuotes = r.inQuotes
            at = w.end
        }
        position = boundary
        line += newlines
        return (position, line)
    }
}
