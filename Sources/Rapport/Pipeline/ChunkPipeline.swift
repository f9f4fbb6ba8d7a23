import Dispatch
import Synchronization

/// The one concurrent engine behind `score`, `reliability`, the screens and the simulators.
///
/// A serial producer (the caller's thread) cuts work into inputs and queues them; `threads`
/// long-lived workers on Dispatch take queued inputs and turn each into an output in parallel;
/// the caller's thread receives the outputs **in input order**, one at a time, in `deliver`.
/// So:
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
        let inbox = Inbox<Input>(workers: threads)
        let completions = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        // `threads` long-lived workers take inputs from the inbox themselves, so a worker that
        // finishes an input starts the next queued one at once instead of waiting for this
        // thread to be scheduled and submit it (on two cores, with the input digest as a third
        // thread, that wait cost a fifth of the wall time).
        for _ in 0..<threads {
            DispatchQueue.global(qos: .userInitiated).async(group: finished) {
                while let (index, input) = inbox.take() {
                    let r = Result { try work(input) }
                    slots.put(index, r)
                    completions.signal()
                }
            }
        }
        defer {
            inbox.close()
            finished.wait()
        }
        var nextSubmit = 0
        var nextDeliver = 0
        var producerDone = false
        var producerError: (any Error)?

        while true {
            // Deliver everything that is ready, in order.
            if let result = slots.take(nextDeliver) {
                nextDeliver += 1
                do {
                    try deliver(try result.get())
                } catch {
                    inbox.cancel()
                    throw error
                }
                continue
            }
            // Queue inputs while the in-flight budget allows.
            if !producerDone && nextSubmit - nextDeliver < maxInFlight {
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
                inbox.put(nextSubmit, input)
                nextSubmit += 1
                continue
            }
            if producerDone && nextDeliver == nextSubmit {
                break
            }
            // Wait for a worker to finish an input.
            completions.wait()
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

/// Inputs queued for the workers, in submission order. ``take()`` blocks until an input is
/// queued or the inbox is closed; after ``close()`` or ``cancel()`` it returns `nil` once
/// nothing is left to take (``cancel()`` also drops what is queued).
private final class Inbox<Input: Sendable>: Sendable {
    private struct State {
        var queue: [(Int, Input)] = []
        var head = 0
        var closed = false
    }
    private let state = Mutex(State())
    private let available = DispatchSemaphore(value: 0)
    private let workers: Int

    init(workers: Int) { self.workers = workers }

    func put(_ index: Int, _ input: Input) {
        state.withLock { s in
            if s.head > 64 && s.head * 2 > s.queue.count {
                s.queue.removeFirst(s.head)
                s.head = 0
            }
            s.queue.append((index, input))
        }
        available.signal()
    }

    func take() -> (Int, Input)? {
        while true {
            available.wait()
            let item: (Int, Input)?? = state.withLock { s in
                if s.head < s.queue.count {
                    defer { s.head += 1 }
                    return .some(s.queue[s.head])
                }
                return s.closed ? .some(nil) : nil
            }
            if let item { return item }
        }
    }

    /// No more inputs: each worker returns from ``take()`` once the queue is empty.
    func close() {
        let waiters = state.withLock { s -> Int in
            guard !s.closed else { return 0 }
            s.closed = true
            return workers
        }
        for _ in 0..<waiters { available.signal() }
    }

    /// Drops the queued inputs and closes.
    func cancel() {
        state.withLock { s in
            s.queue.removeAll()
            s.head = 0
        }
        close()
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
