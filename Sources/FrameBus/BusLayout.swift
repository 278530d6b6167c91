import CFrameBusAtomics

/// Where everything lives in a FrameBus segment, and the checks a reader makes
/// before trusting a header.
///
/// ```
/// 0      header (fixed fields, then one cache line each for frame state,
///        event tail, event head, event wake-ups/counters) HeaderField
/// 384    slot descriptors, 64 bytes each               SlotField
/// ...    event cells, 64 bytes each (64-byte aligned)  EventQueue
/// ...    frame slots, each page aligned
/// ```
///
/// Sizes are written explicitly in the header; nothing is inferred from the
/// mapping size (which the kernel rounds up to whole pages).
public struct BusLayout: Equatable, Sendable {
    /// "TNGLFBUS" read as a little-endian 64-bit word.
    public static let magic: UInt64 = 0x5355_4246_4C47_4E54
    /// Bumped whenever any offset or meaning below changes.
    public static let version: UInt32 = 1
    static let headerBytes = 384
    static let descriptorBytes = 64
    static let cellBytes = 64
    static let pageBytes = 4096
    /// Limits a reader accepts; anything outside is a bad header.
    public static let maxSlots = 16
    public static let maxDimension = 16384
    public static let maxEventCapacity = 1 << 20

    public let slotCount: Int
    public let maxWidth: Int
    public let maxHeight: Int
    /// Bytes of pixel storage in one slot (maxWidth × maxHeight × 4).
    public let slotCapacity: Int
    /// Distance between slots (slotCapacity rounded up to a page).
    let slotStride: Int
    let eventsOffset: Int
    public let eventCapacity: Int
    let slotsOffset: Int
    /// Bytes the creator sized the segment to.
    public let segmentBytes: Int

    /// The layout for a new bus.
    public init(_ configuration: FrameBusConfiguration) throws {
        let c = configuration
        guard (1...Self.maxSlots).contains(c.slotCount) else {
            throw FrameBusError(.invalidConfiguration,
                                "slot count \(c.slotCount) is outside 1…\(Self.maxSlots)")
        }
        guard (1...Self.maxDimension).contains(c.maxWidth), (1...Self.maxDimension).contains(c.maxHeight) else {
            throw FrameBusError(.invalidConfiguration,
                                "maximum size \(c.maxWidth)×\(c.maxHeight) is outside 1…\(Self.maxDimension)")
        }
        guard c.eventCapacity >= 4, c.eventCapacity <= Self.maxEventCapacity,
              c.eventCapacity & (c.eventCapacity - 1) == 0 else {
            throw FrameBusError(.invalidConfiguration,
                                "event capacity \(c.eventCapacity) is not a power of two in 4…\(Self.maxEventCapacity)")
        }
        slotCount = c.slotCount
        maxWidth = c.maxWidth
        maxHeight = c.maxHeight
        slotCapacity = c.maxWidth * c.maxHeight * 4
        slotStride = Self.roundUp(slotCapacity, Self.pageBytes)
        eventsOffset = Self.roundUp(Self.headerBytes + Self.descriptorBytes * c.slotCount, Self.cellBytes)
        eventCapacity = c.eventCapacity
        slotsOffset = Self.roundUp(eventsOffset + Self.cellBytes * c.eventCapacity, Self.pageBytes)
        segmentBytes = slotsOffset + slotStride * c.slotCount
    }

    /// Reads the header at `base` once and accepts it only if every size and
    /// offset fits inside `mappedBytes`. Nothing read here is used unchecked.
    public init(validatingHeaderAt base: UnsafeRawPointer, mappedBytes: Int, segment: String = "") throws {
        func bad(_ message: String) -> FrameBusError { FrameBusError(.badHeader, segment: segment, message) }
        guard mappedBytes >= Self.headerBytes else {
            throw bad("segment is \(mappedBytes) bytes, smaller than the \(Self.headerBytes)-byte header")
        }
        let magic = fb_load64_acquire(base + HeaderField.magic)
        if magic == 0 {
            throw FrameBusError(.notReady, segment: segment, "segment is not initialised yet (magic is zero)")
        }
        guard magic == Self.magic else {
            throw bad("wrong magic 0x\(String(magic, radix: 16)), expected 0x\(String(Self.magic, radix: 16)) (not a FrameBus segment)")
        }
        let version = fb_load32_relaxed(base + HeaderField.version)
        guard version == Self.version else {
            throw bad("layout version \(version), this reader understands version \(Self.version)")
        }
        let headerBytes = Int(fb_load32_relaxed(base + HeaderField.headerBytes))
        guard headerBytes == Self.headerBytes else {
            throw bad("header size \(headerBytes), expected \(Self.headerBytes)")
        }
        let slotCount = Int(fb_load32_relaxed(base + HeaderField.slotCount))
        let maxWidth = Int(fb_load32_relaxed(base + HeaderField.maxWidth))
        let maxHeight = Int(fb_load32_relaxed(base + HeaderField.maxHeight))
        let eventCapacity = Int(fb_load32_relaxed(base + HeaderField.eventCapacity))
        let cellBytes = Int(fb_load32_relaxed(base + HeaderField.eventCellBytes))
        let slotCapacity = fb_load64_relaxed(base + HeaderField.slotCapacity)
        let slotStride = fb_load64_relaxed(base + HeaderField.slotStride)
        let eventsOffset = fb_load64_relaxed(base + HeaderField.eventsOffset)
        let slotsOffset = fb_load64_relaxed(base + HeaderField.slotsOffset)
        let segmentBytes = fb_load64_relaxed(base + HeaderField.segmentBytes)

        guard (1...Self.maxSlots).contains(slotCount) else { throw bad("slot count \(slotCount) is outside 1…\(Self.maxSlots)") }
        guard (1...Self.maxDimension).contains(maxWidth), (1...Self.maxDimension).contains(maxHeight) else {
            throw bad("maximum frame size \(maxWidth)×\(maxHeight) is outside 1…\(Self.maxDimension)")
        }
        guard slotCapacity == UInt64(maxWidth * maxHeight * 4) else {
            throw bad("slot capacity \(slotCapacity) does not match \(maxWidth)×\(maxHeight)×4")
        }
        guard slotStride >= slotCapacity, slotStride % UInt64(Self.cellBytes) == 0,
              slotStride <= UInt64(Int.max / Self.maxSlots) else {
            throw bad("slot stride \(slotStride) does not hold a \(slotCapacity)-byte slot")
        }
        guard eventCapacity >= 4, eventCapacity <= Self.maxEventCapacity, eventCapacity & (eventCapacity - 1) == 0,
              cellBytes == Self.cellBytes else {
            throw bad("event queue of \(eventCapacity) cells of \(cellBytes) bytes is not supported")
        }
        let descriptorsEnd = UInt64(Self.headerBytes + Self.descriptorBytes * slotCount)
        guard eventsOffset >= descriptorsEnd, eventsOffset % UInt64(Self.cellBytes) == 0,
              eventsOffset <= UInt64(mappedBytes) else {
            throw bad("event queue offset \(eventsOffset) overlaps the header or lies outside the \(mappedBytes)-byte mapping")
        }
        let eventsEnd = eventsOffset + UInt64(eventCapacity * cellBytes)
        guard slotsOffset >= eventsEnd, slotsOffset % UInt64(Self.cellBytes) == 0,
              slotsOffset <= UInt64(mappedBytes) else {
            throw bad("frame slots offset \(slotsOffset) overlaps the event queue or lies outside the \(mappedBytes)-byte mapping")
        }
        let (slotsBytes, o1) = slotStride.multipliedReportingOverflow(by: UInt64(slotCount))
        let (end, o2) = slotsOffset.addingReportingOverflow(slotsBytes)
        guard !o1, !o2, end <= UInt64(mappedBytes) else {
            throw bad("\(slotCount) slots of \(slotStride) bytes from offset \(slotsOffset) run past the \(mappedBytes)-byte mapping")
        }
        guard segmentBytes >= end, segmentBytes <= UInt64(mappedBytes) else {
            throw bad("declared segment size \(segmentBytes) does not match the \(mappedBytes)-byte mapping")
        }
        self.slotCount = slotCount
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.slotCapacity = Int(slotCapacity)
        self.slotStride = Int(slotStride)
        self.eventsOffset = Int(eventsOffset)
        self.eventCapacity = eventCapacity
        self.slotsOffset = Int(slotsOffset)
        self.segmentBytes = Int(segmentBytes)
    }

    /// Writes a fresh header into zeroed memory; the magic goes last (release)
    /// so a reader that sees it also sees every other field.
    func initialize(_ base: UnsafeMutableRawPointer, writer: WriterIdentity) {
        fb_store32_relaxed(base + HeaderField.version, Self.version)
        fb_store32_relaxed(base + HeaderField.headerBytes, UInt32(Self.headerBytes))
        fb_store32_relaxed(base + HeaderField.writerPid, UInt32(bitPattern: writer.pid))
        fb_store32_relaxed(base + HeaderField.slotCount, UInt32(slotCount))
        fb_store64_relaxed(base + HeaderField.writerStartTime, writer.startTime)
        fb_store32_relaxed(base + HeaderField.maxWidth, UInt32(maxWidth))
        fb_store32_relaxed(base + HeaderField.maxHeight, UInt32(maxHeight))
        fb_store64_relaxed(base + HeaderField.slotCapacity, UInt64(slotCapacity))
        fb_store64_relaxed(base + HeaderField.slotStride, UInt64(slotStride))
        fb_store64_relaxed(base + HeaderField.slotsOffset, UInt64(slotsOffset))
        fb_store64_relaxed(base + HeaderField.eventsOffset, UInt64(eventsOffset))
        fb_store32_relaxed(base + HeaderField.eventCapacity, UInt32(eventCapacity))
        fb_store32_relaxed(base + HeaderField.eventCellBytes, UInt32(Self.cellBytes))
        fb_store64_relaxed(base + HeaderField.segmentBytes, UInt64(segmentBytes))
        fb_store64_relaxed(base + HeaderField.createdAt, writer.createdAt)
        fb_store32_relaxed(base + HeaderField.writerUid, writer.uid)
        fb_store32_relaxed(base + HeaderField.state, BusState.open.rawValue)
        EventQueue.initializeCells(base + eventsOffset, capacity: eventCapacity)
        fb_store64_release(base + HeaderField.magic, Self.magic)
    }

    static func roundUp(_ n: Int, _ multiple: Int) -> Int { (n + multiple - 1) / multiple * multiple }
}

/// Byte offsets of the header fields (layout version 1).
enum HeaderField {
    static let magic = 0                // u64
    static let version = 8              // u32
    static let headerBytes = 12         // u32
    static let writerPid = 16           // u32 (pid_t)
    static let slotCount = 20           // u32
    static let writerStartTime = 24     // u64, /proc/PID/stat field 22
    static let maxWidth = 32            // u32
    static let maxHeight = 36           // u32
    static let slotCapacity = 40        // u64
    static let slotStride = 48          // u64
    static let slotsOffset = 56         // u64
    static let eventsOffset = 64        // u64
    static let eventCapacity = 72       // u32
    static let eventCellBytes = 76      // u32
    static let segmentBytes = 80        // u64
    static let createdAt = 88           // u64, CLOCK_REALTIME ns
    static let writerUid = 96           // u32
    static let state = 100              // u32, BusState
    // Frame publication: its own cache line.
    static let latestFrame = 128        // u64, newest complete frame number (0: none)
    static let frameSignal = 136        // u32 futex word, bumped on every publish
    static let frameWaiters = 140       // u32, readers sleeping on frameSignal
    // Event producers' cache line.
    static let eventTail = 192          // u64
    // Event consumer's cache line.
    static let eventHead = 256          // u64
    // Event wake-ups and loss counters: written rarely (the consumer going to
    // sleep, a refused event), so they stay off the head and tail lines.
    static let eventSignal = 320        // u32 futex word
    static let eventSleeping = 324      // u32, 1 while the consumer sleeps on eventSignal
    static let evictedMoves = 328       // u64
    static let droppedMoves = 336       // u64
    static let droppedEvents = 344      // u64
    static let abandonedEvents = 352    // u64
}

/// Whether the writer is still publishing into a segment.
enum BusState: UInt32 {
    case open = 1
    case closed = 2
}

/// Who created a segment: enough to tell later whether that process still runs.
struct WriterIdentity: Equatable, Sendable {
    var pid: Int32
    var startTime: UInt64
    var uid: UInt32
    var createdAt: UInt64
}
