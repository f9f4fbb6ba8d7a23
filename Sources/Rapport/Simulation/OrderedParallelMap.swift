import Dispatch
import Synchronization

/// Runs `make(0) … make(count − 1)` on up to `threads` Dispatch workers, in waves of
/// bounded size, and hands the results to `emit` strictly in index order.
///
/// Peak memory is one wave of results; the output does not depend on `threads` because each
/// unit of work draws only from its own random stream.
enum OrderedParallelMap {
    static func run<T: Sendable>(count: Int, threads: Int, wave: Int = 64,
                                 make: @Sendable (Int) throws -> T,
                                 emit: (T) throws -> Void) throws {
        let workers = max(1, threads)
        var start = 0
        while start < count {
            let n = min(wave, count - start)
            if workers == 1 || n == 1 {
                for i in start..<(start + n) { try emit(try make(i)) }
            } else {
                let slots = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: n))
                let base = start
                DispatchQueue.concurrentPerform(iterations: min(workers, n)) { w in
                    var i = w
                    while i < n {
                        let r = Result { try make(base + i) }
                        slots.withLock { $0[i] = r }
                        i += workers
                    }
                }
                let results = slots.withLock { $0 }
                for r in results { try emit(try r!.get()) }
            }
            start += n
        }
    }
}
