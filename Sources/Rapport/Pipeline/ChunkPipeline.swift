import Dispatch
import Synchronization

/// The one concurrent engine behind `score`, `reliability`, the screens and the simulators.
///
/// A serial producer (the caller's thread) cuts work into inputs; workers on Dispatch turn each
/// input into an output in parallel; the caller's thread receives the outputs **in input
/// order**, one at a time, in `deliver`. So:
/// - at most `threads` inputs are being worked on at once;
/// - at most `maxInFlight` inputs are submitted but not yet delivered, so memory is bounded by
///   `maxInFlight` chunks and their results, whatever the thread count;
/// - what `deliver` sees — and so the result — does not depend on the thread count.
///
/// An error thrown by the producer, a worker or `deliver` stops submission; work already
/// started is waited for, outputs after the failing one are dropped, and the first error in
/// input order is rethrown (a producer error comes after every input it produced).
package struct ChunkPipeline: Sendable {
    package var threads: Int
    package var maxInFlight: Int

    /// - Parameters:
    ///   - threads: worker count (≥ 1).
    ///   - maxInFlight: bound on submitted-but-undelivered inputs; defaults to `2 · threads + 2`.
    package init(threads: Int, maxInFlight: Int? = nil) {
        self.threads = max(1, threads)
        self.maxInFlight = max(self.threads, maxInFlight ?? 2 * self.threads + 2)
    }

    package func run<Input: Sendable, Output: Sendable>(
        next: () throws -> Input?,
        work: @escaping @Sendable (Input) throws -> Output,
        deliver: (Output) throws -> Void
    ) throws {
        let slots = ResultSlots<Output>()
        let completions = DispatchSemaphore(value: 0)
        let queue = DispatchQueue.global(qos: .userInitiated)
        var nextSubmit = 0
        var nextDeliver = 0
        var running = 0
        var producerDone = false
        var producerError: (any Error)?

        func drain() {
            while running > 0 {
                completions.wait()
                running -= 1
            }
        }

        while true {
            while completions.wait(timeout: .now()) == .success { running -= 1 }
            // Deliver everything that is ready, in order.
            if let result = slots.take(nextDeliver) {
                nextDeliver += 1
                do {
                    try deliver(try result.get())
                } catch {
                    drain()
                    throw error
                }
                continue
            }
            // Submit while workers and the in-flight budget allow.
            if !producerDone && running < threads && nextSubmit - nextDeliver < maxInFlight {
                let input: Input?
                do {
                    input = try next()
                } catch {
                    producerError = error
                    input = nil
                }
                guard let input else {
                    producerDone = true
                    continue
                }
                let index = nextSubmit
                nextSubmit += 1
                running += 1
                queue.async {
                    let r = Result { try work(input) }
                    slots.put(index, r)
                    completions.signal()
                }
                continue
            }
            if producerDone && nextDeliver == nextSubmit {
                break
            }
            // Wait for a worker to finish.
            completions.wait()
            running -= 1
        }
        if let producerError { throw producerError }
    }
}

extension ChunkPipeline {
    /// `work(0) … work(count − 1)` on the workers, delivered in index order: the producer is
    /// the index itself (the simulators: one client or one row block per index, each drawing
    /// from its own random stream, so the output does not depend on `threads`).
    package func map<Output: Sendable>(count: Int, work: @escaping @Sendable (Int) throws -> Output,
                                       deliver: (Output) throws -> Void) throws {
        var next = 0
        try run(next: { () -> Int? in
            guard next < count else { return nil }
            defer { next += 1 }
            return next
        }, work: work, deliver: deliver)
    }
}

/// Outputs waiting for their turn, keyed by input index.
private final class ResultSlots<Output: Sendable>: Sendable {
    private let slots = Mutex<[Int: Result<Output, any Error>]>([:])

    func put(_ index: Int, _ result: Result<Output, any Error>) {
        slots.withLock { $0[index] = result }
    }

    func take(_ index: Int) -> Result<Output, any Error>? {
        slots.withLock { $0.removeValue(forKey: index) }
    }
}
