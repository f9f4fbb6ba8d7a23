#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only run of input bytes `[start, end)` (absolute offsets in the input), memory-mapped
/// or held in a heap buffer, released when the last chunk referring to it is done.
///
/// This is the one place where raw memory crosses threads. `@unchecked Sendable` rests on
/// three invariants, each stated and checked here (as swift-nio's `NIOLoopBound` checks its
/// own in `init` and in every accessor):
/// 1. `start ≤ end`: checked in `init`.
/// 2. Every access is inside `[start, end]`: checked by ``pointer(_:)``, the only accessor.
/// 3. The bytes are never written after the window is made: by construction, the storage is
///    an `UnsafeRawPointer` held in a `let`, and the type has no mutating member.
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

    enum Release {
        case none
        case unmap(UnsafeMutableRawPointer, Int)
        case free(UnsafeMutableRawPointer)
    }

    init(base: UnsafeRawPointer, start: Int, end: Int, reachesEnd: Bool, release: Release) {
        precondition(0 <= start && start <= end, "ByteWindow: start \(start) after end \(end)")
        self.base = base
        self.start = start
        self.end = end
        self.reachesEnd = reachesEnd
        self.release = release
    }

    /// An empty window at `offset` that ends the input.
    static func empty(at offset: Int) -> ByteWindow {
        let p = UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1)
        p.storeBytes(of: 0, as: UInt8.self)
        return ByteWindow(base: UnsafeRawPointer(p), start: offset, end: offset, reachesEnd: true,
                          release: .free(p))
    }

    deinit {
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
