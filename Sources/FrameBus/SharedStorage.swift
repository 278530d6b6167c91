#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory a frame ring and event queue live in. All ring and queue logic works
/// on `baseAddress` and `byteCount` only, so an in-process ring
/// (``AnonymousStorage``) and a POSIX shared-memory one
/// (``SharedMemorySegment``) behave identically.
///
/// The memory stays mapped for as long as the storage object lives; rings and
/// queues keep a strong reference, so no view outlives its mapping.
public protocol SharedStorage: AnyObject, Sendable {
    /// Start of the mapping; page aligned.
    var baseAddress: UnsafeMutableRawPointer { get }
    /// Bytes mapped; every offset read from a header is checked against this.
    var byteCount: Int { get }
}

/// Anonymous shared memory for an in-process bus (threads of one process, or a
/// process and the children it forks).
public final class AnonymousStorage: SharedStorage, @unchecked Sendable {
    // @unchecked: the pointer is immutable after init; the bytes behind it are
    // accessed through atomics and seqlocks by the ring and queue.
    public let baseAddress: UnsafeMutableRawPointer
    public let byteCount: Int

    /// Maps `byteCount` zeroed bytes.
    public init(byteCount: Int) throws {
        guard byteCount > 0 else {
            throw FrameBusError(.invalidConfiguration, "anonymous storage needs at least one byte")
        }
        #if canImport(Glibc)
        let flags = MAP_SHARED | MAP_ANONYMOUS
        #else
        let flags = MAP_SHARED | MAP_ANON
        #endif
        let p = mmap(nil, byteCount, PROT_READ | PROT_WRITE, flags, -1, 0)
        guard let p, p != MAP_FAILED else {
            throw FrameBusError(.system, "mmap of \(byteCount) anonymous bytes failed: \(errnoText())")
        }
        baseAddress = p
        self.byteCount = byteCount
    }

    deinit { munmap(baseAddress, byteCount) }
}

/// The text of the current errno.
func errnoText(_ code: Int32 = errno) -> String {
    guard let s = strerror(code) else { return "errno \(code)" }
    return String(cString: s)
}
