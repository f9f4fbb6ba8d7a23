#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CInputGuard

/// A read-only run of input bytes `[start, end)` (absolute offsets in the input), memory-mapped
/// or held in a heap buffer, released when the last chunk referring to it is done.
///
/// This is the one place where raw memory crosses threads. `@unchecked Sendable` rests on
/// three invariants, each stated and checked here (as swift-nio's `NIOLoopBound` checks its
/// own in `init` and in every accessor):
/// 1. `start ≤ end`: checked in `init`.
/// 2. Every access is inside `[start, end]`: checked by ``pointer(_:)``, the only accessor.
/// 3. The bytes are never written after the window is made: by construction, the storage is
///    an `UnsafeRawPointer` held in a `let`, and the type has no mutating member. (One
///    exception, outside Swift: when the file shrinks under a mapped window, the SIGBUS guard
///    maps zeros over the faulting page and raises ``InputChangeFlag``; the reader then
///    discards everything read from the file.)
/// The object keeps the bytes alive for as long as any worker holds it.
final class ByteWindow: @unchecked Sendable {
    /// Absolute offset of the first byte.
    let start: Int
    /// Absolute offset one past the last byte.
    let end: Int
    /// Whether `end` is the end of the input.
    let reachesEnd: Bool
    private let base: UnsafeRawPointer
    private let release: Release
    /// The SIGBUS guard's slot for a mapped window (-1: none) and the flag it raises.
    private let guardSlot: Int32
    private let changed: InputChangeFlag?

    enum Release {
        case none
        case unmap(UnsafeMutableRawPointer, Int)
        case free(UnsafeMutableRawPointer)
    }

    /// - Parameter guarding: for a mapped window, the flag a SIGBUS inside it raises (the file
    ///   shrank under the mapping); the access then reads zeros instead of killing the process.
    init(base: UnsafeRawPointer, start: Int, end: Int, reachesEnd: Bool, release: Release,
         guarding changed: InputChangeFlag? = nil) {
        precondition(0 <= start && start <= end, "ByteWindow: start \(start) after end \(end)")
        self.base = base
        self.start = start
        self.end = end
        self.reachesEnd = reachesEnd
        self.release = release
        self.changed = changed
        if let changed, case let .unmap(p, n) = release {
            guardSlot = rapport_input_guard_register(p, n, changed.pointer)
        } else {
            guardSlot = -1
        }
    }

    /// An empty window at `offset` that ends the input.
    static func empty(at offset: Int) -> ByteWindow {
        let p = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        p.storeBytes(of: 0, as: UInt8.self)
        return ByteWindow(base: UnsafeRawPointer(p), start: offset, end: offset, reachesEnd: true,
                          release: .free(p))
    }

    deinit {
        if guardSlot >= 0 { rapport_input_guard_unregister(guardSlot) }
        switch release {
        case .none: break
        case let .unmap(p, n): munmap(p, n)
        case let .free(p): p.deallocate()
        }
    }

    var count: Int { end - start }

    /// Pointer to the byte at absolute `offset` (`start ≤ offset ≤ end`).
    @inline(__always)
    func pointer(_ offset: Int) -> UnsafePointer<UInt8> {
        precondition(start <= offset && offset <= end, "ByteWindow: offset \(offset) outside [\(start), \(end)]")
        return (base + (offset - start)).assumingMemoryBound(to: UInt8.self)
    }
}

/// Raised when a SIGBUS hit a mapped window of one input: the file shrank while it was read
/// (CInputGuard). Windows keep it alive for as long as they are registered.
///
/// `@unchecked Sendable` rests on one invariant: the C flag behind ``pointer`` is read and
/// written only with C11 atomics (`rapport_input_flag_raised`, and the signal handler's
/// `atomic_store`), and is freed only in `deinit`, after every window that registered it has
/// unregistered (each window holds a strong reference).
final class InputChangeFlag: @unchecked Sendable {
    let pointer: OpaquePointer

    init() {
        _ = rapport_input_guard_install()
        pointer = rapport_input_flag_create()
    }

    deinit { rapport_input_flag_destroy(pointer) }

    /// Whether a fault has been absorbed in one of the windows (an atomic load).
    var raised: Bool { rapport_input_flag_raised(pointer) != 0 }
}

/// Counters of the SIGBUS guard, for tests.
package enum InputGuardCounters {
    /// Faults absorbed in mapped windows since the process started.
    package static var faults: Int { rapport_input_guard_faults() }
}
