#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFrameBusAtomics

/// The state of a segment found in the shared-memory directory.
public enum SegmentStatus: Sendable, Equatable, CustomStringConvertible {
    /// Its writer runs.
    case live
    /// Its writer runs but closed it (about to vanish).
    case closed
    /// Its writer is gone (dead, or its pid reused by another process).
    case stale
    /// Owned by another user; never inspected or attached.
    case otherUser
    /// Not a readable FrameBus segment; the reason.
    case invalid(String)

    public var description: String {
        switch self {
        case .live: return "live"
        case .closed: return "closed"
        case .stale: return "stale"
        case .otherUser: return "other user"
        case .invalid(let why): return "invalid: \(why)"
        }
    }
}

/// One segment as `tangle shm list` shows it.
public struct SegmentInfo: Sendable {
    public var name: SegmentName
    public var ownerUid: UInt32
    public var byteCount: Int
    public var status: SegmentStatus
    /// True when removing it cannot hurt anyone: stale, or invalid while the
    /// pid in its name no longer runs.
    public var reclaimable: Bool
    public var writerPid: Int32?
    /// CLOCK_REALTIME nanoseconds when it was created.
    public var createdAt: UInt64?
    public var latestFrame: UInt64?
    public var maxWidth: Int?
    public var maxHeight: Int?
    public var slotCount: Int?
    public var pendingEvents: Int?
}

/// Finding, listing and cleaning FrameBus segments (POSIX shm lives in
/// /dev/shm on Linux; elsewhere listing finds nothing).
public enum SegmentDirectory {
    public static let path = "/dev/shm"

    /// Every `tangle-*` segment of this user (of all users with `allUsers`),
    /// sorted by name.
    public static func list(allUsers: Bool = false) -> [SegmentInfo] {
        let me = UInt32(geteuid())
        return entryNames().compactMap { file -> SegmentInfo? in
            guard let name = try? SegmentName(parsing: file), let info = inspect(name) else { return nil }
            return allUsers || info.ownerUid == me ? info : nil
        }.sorted { $0.name.description < $1.name.description }
    }

    /// Looks at one segment without attaching to it as a reader.
    public static func inspect(_ name: SegmentName) -> SegmentInfo? {
        var st = stat()
        guard stat(path + name.description, &st) == 0 else { return nil }
        var info = SegmentInfo(name: name, ownerUid: UInt32(st.st_uid), byteCount: Int(st.st_size),
                               status: .otherUser, reclaimable: false)
        guard info.ownerUid == UInt32(geteuid()) else { return info }
        let segment: SharedMemorySegment
        let layout: BusLayout
        do {
            segment = try SharedMemorySegment.open(name: name, writable: false)
            layout = try BusLayout(validatingHeaderAt: segment.baseAddress, mappedBytes: segment.byteCount,
                                   segment: name.description)
        } catch let error as FrameBusError {
            info.status = .invalid(error.message)
            info.reclaimable = !ProcessIdentity.exists(pid: name.pid)
            return info
        } catch {
            return nil
        }
        let base = segment.baseAddress
        let pid = Int32(bitPattern: fb_load32_relaxed(base + HeaderField.writerPid))
        let start = fb_load64_relaxed(base + HeaderField.writerStartTime)
        info.writerPid = pid
        info.createdAt = fb_load64_relaxed(base + HeaderField.createdAt)
        info.latestFrame = fb_load64_acquire(base + HeaderField.latestFrame)
        info.maxWidth = layout.maxWidth
        info.maxHeight = layout.maxHeight
        info.slotCount = layout.slotCount
        let tail = fb_load64_relaxed(base + HeaderField.eventTail)
        let head = fb_load64_relaxed(base + HeaderField.eventHead)
        info.pendingEvents = tail > head ? Int(min(tail - head, UInt64(layout.eventCapacity))) : 0
        if pid != name.pid {
            info.status = .invalid("header names writer pid \(pid), the name says \(name.pid)")
            info.reclaimable = !ProcessIdentity.exists(pid: name.pid) && !ProcessIdentity.exists(pid: pid)
        } else if !ProcessIdentity.isRunning(pid: pid, startTime: start) {
            info.status = .stale
            info.reclaimable = true
        } else if fb_load32_acquire(base + HeaderField.state) == BusState.closed.rawValue {
            info.status = .closed
        } else {
            info.status = .live
        }
        return info
    }

    /// Removes this user's reclaimable segments (writer gone). Never touches
    /// a live writer's segment or another user's. Returns what it removed.
    /// The explorer's status document beside a segment (`NAME.json`) goes with it,
    /// as do this user's status files whose segment is gone and whose writer no longer runs.
    @discardableResult
    public static func removeStale() -> [SegmentInfo] {
        let removed = list().filter { info in
            guard info.reclaimable else { return false }
            // Look again right before unlinking: the name may have been reused.
            guard let again = inspect(info.name), again.reclaimable else { return false }
            return shm_unlink(info.name.description) == 0
        }
        for info in removed { removeOwnFile(path + info.name.description + ".json") }
        for file in entryNames() where file.hasSuffix(".json") {
            guard let name = try? SegmentName(parsing: String(file.dropLast(5))) else { continue }
            var st = stat()
            if stat(path + name.description, &st) == 0 { continue }
            if !ProcessIdentity.exists(pid: name.pid) { removeOwnFile(path + "/" + file) }
        }
        return removed
    }

    /// Unlinks `file` only when it is this user's regular file (never through a link).
    static func removeOwnFile(_ file: String) {
        var st = stat()
        guard lstat(file, &st) == 0, st.st_mode & S_IFMT == S_IFREG, UInt32(st.st_uid) == UInt32(geteuid()) else { return }
        unlink(file)
    }

    /// File names in the shm directory that look like FrameBus segments.
    static func entryNames() -> [String] {
        #if os(Linux)
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) {
                String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self))
            }
            if name.hasPrefix("tangle-") { names.append(name) }
        }
        return names
        #else
        return []
        #endif
    }
}
