#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import CFrameBusAtomics

/// A POSIX shared-memory segment (shm_open + mmap) holding one bus.
///
/// Lifecycle rules, enforced here:
/// - Only the creator ever unlinks the name, and only from the process that
///   created it (a forked child does not).
/// - A reader only unmaps, when its last reference goes away.
/// - Segments are created with mode 0600, and a reader refuses a segment
///   owned by another user or readable by others, even when running as root.
public final class SharedMemorySegment: SharedStorage, @unchecked Sendable {
    // @unchecked: every stored property is immutable except `unlinked`,
    // which is atomic; the mapped bytes are shared by design.
    public let name: SegmentName
    public let baseAddress: UnsafeMutableRawPointer
    public let byteCount: Int
    /// True for the process that created (and alone may unlink) the segment.
    public let isCreator: Bool
    private let creatorPid: Int32
    private let unlinked = Atomic<Bool>(false)
    /// The SIGBUS guard's slot for this mapping (-1: unguarded).
    private let guardSlot: Int32

    private init(name: SegmentName, base: UnsafeMutableRawPointer, byteCount: Int, isCreator: Bool) {
        self.name = name
        self.baseAddress = base
        self.byteCount = byteCount
        self.isCreator = isCreator
        self.creatorPid = getpid()
        // Someone with access to the file can truncate it; touching the lost
        // pages would then kill this process with SIGBUS. Guarded, they turn
        // into zero pages and `isTruncated` says what happened.
        self.guardSlot = fb_guard_register(base, byteCount)
    }

    deinit {
        unlink()
        fb_guard_unregister(guardSlot)
        munmap(baseAddress, byteCount)
    }

    /// True once the segment's file was found truncated (an access past its
    /// new end faulted); from then on this mapping holds zeros.
    public var isTruncated: Bool { fb_guard_truncated(guardSlot) != 0 }

    /// Creates a new zeroed segment of `byteCount` bytes, mode 0600. Fails
    /// with `.nameInUse` if the name exists (the caller decides whether the
    /// old one is stale and may be removed).
    static func create(name: SegmentName, byteCount: Int) throws -> SharedMemorySegment {
        let path = name.description
        let fd = shm_open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            let code = errno
            if code == EEXIST { throw FrameBusError(.nameInUse, segment: path, "a segment of this name already exists") }
            throw FrameBusError(.system, segment: path, "shm_open failed: \(errnoText(code))")
        }
        defer { close(fd) }
        // The umask may have narrowed the mode; make it exactly 0600.
        var failure: String?
        if fchmod(fd, 0o600) != 0 { failure = "fchmod 0600 failed: \(errnoText())" }
        if failure == nil, ftruncate(fd, off_t(byteCount)) != 0 { failure = "ftruncate to \(byteCount) bytes failed: \(errnoText())" }
        if let failure {
            shm_unlink(path)
            throw FrameBusError(.system, segment: path, failure)
        }
        guard let base = map(fd: fd, byteCount: byteCount, writable: true) else {
            let text = errnoText()
            shm_unlink(path)
            throw FrameBusError(.system, segment: path, "mmap of \(byteCount) bytes failed: \(text)")
        }
        return SharedMemorySegment(name: name, base: base, byteCount: byteCount, isCreator: true)
    }

    /// Maps an existing segment as a reader. The whole file is mapped and
    /// its size is what the header is validated against.
    static func open(name: SegmentName, writable: Bool = true) throws -> SharedMemorySegment {
        let path = name.description
        let fd = shm_open(path, (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC, 0)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT: throw FrameBusError(.noSuchSegment, segment: path, "no such segment")
            case EACCES, EPERM:
                throw FrameBusError(.permissionDenied, segment: path, "permission denied (the segment belongs to another user)")
            default: throw FrameBusError(.system, segment: path, "shm_open failed: \(errnoText(code))")
            }
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw FrameBusError(.system, segment: path, "fstat failed: \(errnoText())")
        }
        let me = UInt32(geteuid())
        guard UInt32(st.st_uid) == me else {
            throw FrameBusError(.foreignOwner, segment: path,
                                "segment belongs to uid \(st.st_uid), not to this user (uid \(me)); refusing to attach")
        }
        guard st.st_mode & 0o077 == 0 else {
            throw FrameBusError(.foreignOwner, segment: path,
                                "segment mode is 0\(String(UInt32(st.st_mode) & 0o777, radix: 8)); other users could change it, expected 0600")
        }
        let size = Int(st.st_size)
        guard size >= BusLayout.headerBytes else {
            throw FrameBusError(.badHeader, segment: path,
                                "segment is \(size) bytes, smaller than the \(BusLayout.headerBytes)-byte header")
        }
        guard size <= 1 << 36 else {
            throw FrameBusError(.badHeader, segment: path, "segment is \(size) bytes, larger than any FrameBus layout")
        }
        guard let base = map(fd: fd, byteCount: size, writable: writable) else {
            throw FrameBusError(.system, segment: path, "mmap of \(size) bytes failed: \(errnoText())")
        }
        return SharedMemorySegment(name: name, base: base, byteCount: size, isCreator: false)
    }

    private static func map(fd: Int32, byteCount: Int, writable: Bool) -> UnsafeMutableRawPointer? {
        var flags = MAP_SHARED
        #if os(Linux)
        // Fault the pages in now, not during the first publish or read.
        flags |= MAP_POPULATE
        #endif
        let p = mmap(nil, byteCount, writable ? PROT_READ | PROT_WRITE : PROT_READ, flags, fd, 0)
        guard let p, p != MAP_FAILED else { return nil }
        return p
    }

    /// Removes the name (creator only; readers never unlink). Memory stays
    /// mapped for everyone who has it until they let go. Idempotent.
    public func unlink() {
        guard isCreator, getpid() == creatorPid else { return }
        if unlinked.exchange(true, ordering: .acquiringAndReleasing) { return }
        shm_unlink(name.description)
    }
}
