#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CFrameBusAtomics
import Synchronization
import TangleBasics

/// N slots of frames in shared memory: one writer publishes, any number of
/// readers take the newest complete frame.
///
/// Each slot is guarded by a seqlock: its sequence counter is odd while the
/// writer fills it. A reader notes the counter, reads, and re-checks it after
/// an acquire fence; a changed counter means the read may be torn, so it is
/// discarded and retried, never returned. Frame k lives in slot k mod N, and
/// the header's `latestFrame` names the newest complete one, so "anything newer
/// than k?" is one atomic load.
public final class FrameRing: @unchecked Sendable {
    // @unchecked: the shared bytes are only touched through atomics or under
    // the seqlock protocol; local counters are Atomics.
    let storage: any SharedStorage
    /// The validated layout; nothing size-related is re-read from the header.
    public let layout: BusLayout
    let base: UnsafeMutableRawPointer
    /// True for the creator; readers cannot publish.
    public let canWrite: Bool
    private let writing = Atomic<Bool>(false)
    private let retries = Atomic<Int>(0)
    private let invalid = Atomic<Int>(0)
    /// How many times one read call tries before giving up for now.
    static let readAttempts = 64

    init(storage: any SharedStorage, layout: BusLayout, canWrite: Bool) {
        self.storage = storage
        self.layout = layout
        self.base = storage.baseAddress
        self.canWrite = canWrite
    }

    /// The newest complete frame's number (0: none yet). One atomic load.
    public var latestFrameNumber: UInt64 { fb_load64_acquire(base + HeaderField.latestFrame) }

    /// True when a frame newer than `frameNumber` has been published.
    public func hasFrame(newerThan frameNumber: UInt64) -> Bool { latestFrameNumber > frameNumber }

    /// Reads that were discarded and retried because the writer touched the
    /// slot meanwhile, and consistent frames refused for bad sizes.
    public var readStatistics: (retriedReads: Int, invalidFrames: Int) {
        (retries.load(ordering: .relaxed), invalid.load(ordering: .relaxed))
    }

    // MARK: Writing

    /// Lets `body` render straight into the next slot, then publishes it: the
    /// cheapest way to publish (no copy). `body` gets exactly stride × height
    /// bytes. If `body` throws, nothing is published and the slot is marked empty.
    /// One writer thread at a time.
    @discardableResult
    public func withNextSlot<R>(width: Int, height: Int, stride: Int? = nil, format: PixelFormat = .rgba8,
                                _ body: (UnsafeMutableRawBufferPointer) throws -> R) throws -> (frameNumber: UInt64, result: R) {
        guard canWrite else { throw FrameBusError(.notWriter, "this bus is attached as a reader; only its creator publishes frames") }
        let stride = stride ?? width * format.bytesPerPixel
        try checkFrameSize(width: width, height: height, stride: stride)
        guard writing.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            throw FrameBusError(.concurrentWrite, "two threads published into one frame ring at once")
        }
        defer { writing.store(false, ordering: .releasing) }

        let frame = fb_load64_relaxed(base + HeaderField.latestFrame) &+ 1
        let slot = Int(frame % UInt64(layout.slotCount))
        let d = descriptor(slot)
        let even = fb_load64_relaxed(d + SlotField.sequence) & ~1
        fb_store64_relaxed(d + SlotField.sequence, even &+ 1)
        // Orders the odd counter before every pixel store below (Boehm's seqlock writer).
        fb_fence_release()
        let pixels = UnsafeMutableRawBufferPointer(start: base + layout.slotsOffset + slot * layout.slotStride,
                                                   count: stride * height)
        let result: R
        do {
            result = try body(pixels)
        } catch {
            fb_store64_relaxed(d + SlotField.frameNumber, 0)
            fb_store64_release(d + SlotField.sequence, even &+ 2)
            throw error
        }
        fb_store64_relaxed(d + SlotField.frameNumber, frame)
        fb_store32_relaxed(d + SlotField.width, UInt32(width))
        fb_store32_relaxed(d + SlotField.height, UInt32(height))
        fb_store32_relaxed(d + SlotField.stride, UInt32(stride))
        fb_store32_relaxed(d + SlotField.format, format.rawValue)
        fb_store64_relaxed(d + SlotField.publishedAt, monotonicNanos())
        fb_store64_release(d + SlotField.sequence, even &+ 2)
        fb_store64_release(base + HeaderField.latestFrame, frame)
        wakeReaders()
        return (frame, result)
    }

    /// Copies `bytes` (stride × height of them) into the next slot and
    /// publishes it. Returns the new frame's number.
    @discardableResult
    public func publish(_ bytes: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int? = nil,
                        format: PixelFormat = .rgba8) throws -> UInt64 {
        let stride = stride ?? width * format.bytesPerPixel
        let needed = stride.multipliedReportingOverflow(by: height)
        guard !needed.overflow, bytes.count >= needed.partialValue, let source = bytes.baseAddress else {
            throw FrameBusError(.frameTooLarge, "a \(width)×\(height) frame with stride \(stride) needs \(stride &* height) bytes, got \(bytes.count)")
        }
        return try withNextSlot(width: width, height: height, stride: stride, format: format) { slot in
            slot.baseAddress!.copyMemory(from: source, byteCount: slot.count)
        }.frameNumber
    }

    /// Copies an array into the next slot; see ``publish(_:width:height:stride:format:)``.
    @discardableResult
    public func publish(_ bytes: [UInt8], width: Int, height: Int, stride: Int? = nil,
                        format: PixelFormat = .rgba8) throws -> UInt64 {
        try bytes.withUnsafeBytes { try publish($0, width: width, height: height, stride: stride, format: format) }
    }

    private func checkFrameSize(width: Int, height: Int, stride: Int) throws {
        guard width >= 1, height >= 1, width <= layout.maxWidth, height <= layout.maxHeight else {
            throw FrameBusError(.frameTooLarge,
                                "frame \(width)×\(height) does not fit the ring's maximum \(layout.maxWidth)×\(layout.maxHeight)")
        }
        guard stride >= width * 4, stride <= Int(UInt32.max), stride * height <= layout.slotCapacity else {
            throw FrameBusError(.frameTooLarge,
                                "stride \(stride) for width \(width) × height \(height) does not fit a \(layout.slotCapacity)-byte slot")
        }
    }

    /// Called by the writer after a publish or close: wakes sleeping readers,
    /// with a syscall only when someone sleeps.
    func wakeReaders() {
        _ = fb_add32_seqcst(base + HeaderField.frameSignal, 1)
        if fb_load32_seqcst(base + HeaderField.frameWaiters) != 0 {
            fb_futex_wake_all(base + HeaderField.frameSignal)
        }
    }

    // MARK: Reading

    /// Runs `body` on the newest complete frame if it is newer than
    /// `frameNumber`, without copying. Afterwards the slot's sequence is
    /// re-checked; if the writer touched the slot meanwhile the result is
    /// discarded and `body` runs again on the then-newest frame. Returns nil
    /// when there is nothing newer (or no consistent read after several
    /// attempts, which only a writer lapping a very slow `body` causes).
    public func read<R>(newerThan frameNumber: UInt64 = 0,
                        _ body: (FrameView) throws -> R) rethrows -> (info: FrameInfo, result: R)? {
        for attempt in 0..<Self.readAttempts {
            let latest = fb_load64_acquire(base + HeaderField.latestFrame)
            guard latest > frameNumber else { return nil }
            let slot = Int(latest % UInt64(layout.slotCount))
            let d = descriptor(slot)
            let before = fb_load64_acquire(d + SlotField.sequence)
            if before & 1 == 1 {
                retries.add(1, ordering: .relaxed)
                backOff(attempt)
                continue
            }
            let info = slotInfo(d)
            guard let info, info.frameNumber > frameNumber else {
                fb_fence_acquire()
                if fb_load64_relaxed(d + SlotField.sequence) != before {
                    retries.add(1, ordering: .relaxed)
                    continue
                }
                // A consistent slot that is empty (aborted frame) or holds bad sizes.
                if info == nil, fb_load64_relaxed(d + SlotField.frameNumber) != 0 { invalid.add(1, ordering: .relaxed) }
                return nil
            }
            let pixels = UnsafeRawBufferPointer(start: base + layout.slotsOffset + slot * layout.slotStride,
                                                count: info.byteCount)
            let result = try body(FrameView(info: info, bytes: pixels))
            // Every read of the slot above happens before the re-check.
            fb_fence_acquire()
            if fb_load64_relaxed(d + SlotField.sequence) == before { return (info, result) }
            retries.add(1, ordering: .relaxed)
        }
        return nil
    }

    /// Copies the newest frame newer than `frameNumber` into `buffer`
    /// (resized to the frame's byte count) and returns its description.
    public func copyLatest(newerThan frameNumber: UInt64 = 0, into buffer: inout [UInt8]) -> FrameInfo? {
        read(newerThan: frameNumber) { view in
            if buffer.count != view.bytes.count {
                buffer = [UInt8](repeating: 0, count: view.bytes.count)
            }
            buffer.withUnsafeMutableBytes { $0.copyMemory(from: view.bytes) }
        }?.info
    }

    /// Sleeps until a frame newer than `frameNumber` is published, the writer
    /// closes the bus, or `timeout` passes. Spins for `spin` first (lower
    /// latency at the price of CPU), then sleeps on a futex in shared memory.
    public func wait(newerThan frameNumber: UInt64, timeout: Duration, spin: Duration = .zero) -> FrameWait {
        let start = monotonicNanos()
        let deadline = start &+ nanos(timeout)
        let spinUntil = start &+ nanos(spin)
        let signal = base + HeaderField.frameSignal
        while true {
            let latest = latestFrameNumber
            if latest > frameNumber { return .frame(latest) }
            if fb_load32_acquire(base + HeaderField.state) == BusState.closed.rawValue { return .writerClosed }
            let now = monotonicNanos()
            if now >= deadline { return .timedOut }
            if now < spinUntil { continue }
            let seen = fb_load32_seqcst(signal)
            if latestFrameNumber > frameNumber { continue }
            _ = fb_add32_seqcst(base + HeaderField.frameWaiters, 1)
            _ = fb_futex_wait(signal, seen, Int64(deadline - now))
            _ = fb_sub32_seqcst(base + HeaderField.frameWaiters, 1)
        }
    }

    // MARK: Slots

    private func descriptor(_ slot: Int) -> UnsafeMutableRawPointer {
        base + BusLayout.headerBytes + slot * BusLayout.descriptorBytes
    }

    /// The slot's fields, or nil if empty or not a frame that fits the slot.
    private func slotInfo(_ d: UnsafeMutableRawPointer) -> FrameInfo? {
        let frame = fb_load64_relaxed(d + SlotField.frameNumber)
        let width = Int(fb_load32_relaxed(d + SlotField.width))
        let height = Int(fb_load32_relaxed(d + SlotField.height))
        let stride = Int(fb_load32_relaxed(d + SlotField.stride))
        guard frame != 0,
              let format = PixelFormat(rawValue: fb_load32_relaxed(d + SlotField.format)),
              width >= 1, height >= 1, width <= layout.maxWidth, height <= layout.maxHeight,
              stride >= width * format.bytesPerPixel, stride * height <= layout.slotCapacity else { return nil }
        return FrameInfo(frameNumber: frame, width: width, height: height, stride: stride, format: format,
                         publishedAt: fb_load64_relaxed(d + SlotField.publishedAt))
    }

    private func backOff(_ attempt: Int) {
        if attempt >= 4 { sched_yield() }
    }
}

/// Byte offsets inside a 64-byte slot descriptor.
enum SlotField {
    static let sequence = 0       // u64 seqlock: odd while the writer fills the slot
    static let frameNumber = 8    // u64, 0: empty
    static let width = 16         // u32
    static let height = 20        // u32
    static let stride = 24        // u32
    static let format = 28        // u32, PixelFormat
    static let publishedAt = 32   // u64, CLOCK_MONOTONIC ns
}

/// Nanoseconds in a duration, clamped at zero and at about 292 years.
func nanos(_ d: Duration) -> UInt64 {
    let (s, atto) = d.components
    if s < 0 { return 0 }
    if s > 9_000_000_000 { return UInt64(Int64.max) }
    return UInt64(s) * 1_000_000_000 + UInt64(max(0, atto) / 1_000_000_000)
}
