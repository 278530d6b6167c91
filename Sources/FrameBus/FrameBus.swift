#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFrameBusAtomics

/// One bus: a ``FrameRing`` of frames going out and an ``EventQueue`` of
/// interaction events coming back, in one segment of shared memory.
///
/// The explorer creates it (``create(_:channel:)``) and alone publishes frames,
/// consumes events and, when done, unlinks it. Any other process of the same
/// user attaches (``attach(_:)-swift.type.method`` or ``attachNewest()``),
/// reads frames, pushes events, and only ever unmaps.
public final class FrameBus: @unchecked Sendable {
    // @unchecked: immutable references; the shared state is atomics.

    /// How this process holds the bus.
    public enum Role: Sendable, Equatable {
        /// Created the POSIX segment; publishes frames, consumes events, unlinks.
        case creator
        /// Attached to someone else's segment; reads frames, pushes events, never unlinks.
        case reader
        /// Anonymous memory of this process (threads, or children it forks).
        case inProcess
    }

    public let frames: FrameRing
    public let events: EventQueue
    public let role: Role
    /// The segment name, nil in process.
    public let name: SegmentName?
    /// The creating process, from the header.
    public let writerPid: Int32
    let writerStartTime: UInt64
    let storage: any SharedStorage

    private init(storage: any SharedStorage, layout: BusLayout, role: Role, name: SegmentName?,
                 writerPid: Int32, writerStartTime: UInt64) {
        self.storage = storage
        self.role = role
        self.name = name
        self.writerPid = writerPid
        self.writerStartTime = writerStartTime
        frames = FrameRing(storage: storage, layout: layout, canWrite: role != .reader)
        events = EventQueue(storage: storage, layout: layout)
    }

    deinit {
        if role == .creator { close() }
    }

    // MARK: Opening

    /// Creates `/tangle-UID-PID[-CHANNEL]-rNONCE` (mode 0600) for this process. Stale
    /// segments of this user (their writer is gone) are removed first.
    public static func create(_ configuration: FrameBusConfiguration = FrameBusConfiguration(),
                              channel: UInt32? = nil) throws -> FrameBus {
        try create(configuration, names: { SegmentName.current(channel: channel) })
    }

    /// `create` with the names to try given (tests plant a squatter on the first).
    static func create(_ configuration: FrameBusConfiguration, names: () -> SegmentName) throws -> FrameBus {
        let layout = try BusLayout(configuration)
        SegmentDirectory.removeStale()
        // Each try has a fresh random nonce: a name someone holds (squatted,
        // or this process's own bus on the same channel) is stepped around.
        var attempt = 0
        var name = names()
        let segment: SharedMemorySegment
        while true {
            do {
                segment = try SharedMemorySegment.create(name: name, byteCount: layout.segmentBytes)
                break
            } catch let error as FrameBusError where error.kind == .nameInUse && attempt < 15 {
                attempt += 1
                name = names()
            }
        }
        let me = ProcessIdentity.current()
        layout.initialize(segment.baseAddress, writer: me)
        return FrameBus(storage: segment, layout: layout, role: .creator, name: name,
                        writerPid: me.pid, writerStartTime: me.startTime)
    }

    /// Attaches to a segment by name, as a reader. Refuses segments of other
    /// users and headers that are not a valid FrameBus layout for this mapping.
    public static func attach(_ name: SegmentName) throws -> FrameBus {
        let segment = try SharedMemorySegment.open(name: name)
        let layout = try BusLayout(validatingHeaderAt: segment.baseAddress, mappedBytes: segment.byteCount,
                                   segment: name.description)
        let base = segment.baseAddress
        let pid = Int32(bitPattern: fb_load32_relaxed(base + HeaderField.writerPid))
        let uid = fb_load32_relaxed(base + HeaderField.writerUid)
        guard pid == name.pid, uid == name.uid else {
            throw FrameBusError(.badHeader, segment: name.description,
                                "header names writer pid \(pid) uid \(uid), but the segment name says pid \(name.pid) uid \(name.uid)")
        }
        return FrameBus(storage: segment, layout: layout, role: .reader, name: name, writerPid: pid,
                        writerStartTime: fb_load64_relaxed(base + HeaderField.writerStartTime))
    }

    /// Attaches to a segment given as text (`/tangle-1000-4242`).
    public static func attach(_ name: String) throws -> FrameBus {
        try attach(SegmentName(parsing: name))
    }

    /// Finds the newest live segment of the current user and attaches to it.
    public static func attachNewest() throws -> FrameBus {
        let live = SegmentDirectory.list().filter { $0.status == .live }
            .sorted { ($0.createdAt ?? 0) > ($1.createdAt ?? 0) }
        for info in live {
            if let bus = try? attach(info.name) { return bus }
        }
        throw FrameBusError(.noLiveSegment,
                            "no live FrameBus segment of uid \(geteuid()) in \(SegmentDirectory.path) (is tangle running?)")
    }

    /// A bus in anonymous memory of this process: same logic, no name.
    public static func inProcess(_ configuration: FrameBusConfiguration = FrameBusConfiguration()) throws -> FrameBus {
        let layout = try BusLayout(configuration)
        return try FrameBus(creatingIn: AnonymousStorage(byteCount: layout.segmentBytes), layout: layout)
    }

    /// Lays a new bus out in any zeroed storage of at least the layout's size.
    public convenience init(creatingIn storage: any SharedStorage, layout: BusLayout) throws {
        guard storage.byteCount >= layout.segmentBytes else {
            throw FrameBusError(.invalidConfiguration,
                                "storage of \(storage.byteCount) bytes is smaller than the \(layout.segmentBytes)-byte layout")
        }
        let me = ProcessIdentity.current()
        layout.initialize(storage.baseAddress, writer: me)
        self.init(storage: storage, layout: layout, role: .inProcess, name: nil,
                  writerPid: me.pid, writerStartTime: me.startTime)
    }

    // MARK: State

    /// Whether the writer is still there.
    public enum WriterStatus: Sendable, Equatable {
        case live
        /// The writer closed the bus (it stays readable until unmapped).
        case closed
        /// The writer's process is gone (killed, crashed) or its pid now
        /// belongs to another process: the segment is stale.
        case gone
    }

    /// Set once the segment's file was truncated under this process (by
    /// anyone who could open it): the mapping then holds zeros, frames and
    /// events are gone. Show it as "segment truncated".
    public var truncation: String? {
        guard let segment = storage as? SharedMemorySegment, segment.isTruncated else { return nil }
        return "segment \(segment.name) truncated"
    }

    public var writerStatus: WriterStatus {
        if role == .reader, truncation != nil { return .gone }
        if fb_load32_acquire(storage.baseAddress + HeaderField.state) == BusState.closed.rawValue { return .closed }
        if role != .reader { return .live }
        return ProcessIdentity.isRunning(pid: writerPid, startTime: writerStartTime) ? .live : .gone
    }

    /// Ends the bus. The creator marks it closed (waking readers, who see
    /// `.writerClosed`) and unlinks the name; memory stays mapped until every
    /// holder lets go. For a reader this does nothing: readers never unlink.
    public func close() {
        guard role != .reader else { return }
        let base = storage.baseAddress
        if fb_load32_acquire(base + HeaderField.state) != BusState.closed.rawValue {
            fb_store32_release(base + HeaderField.state, BusState.closed.rawValue)
            frames.wakeReaders()
        }
        (storage as? SharedMemorySegment)?.unlink()
    }
}
