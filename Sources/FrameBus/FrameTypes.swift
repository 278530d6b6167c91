/// How a new bus is sized. Everything is fixed at creation.
public struct FrameBusConfiguration: Sendable, Equatable {
    /// Largest frame the ring holds; each slot has room for maxWidth × maxHeight × 4 bytes.
    public var maxWidth: Int
    public var maxHeight: Int
    /// Number of frame slots; 3 lets a reader finish the newest frame while
    /// the writer fills another.
    public var slotCount: Int
    /// Event cells; a power of two.
    public var eventCapacity: Int

    public init(maxWidth: Int = 1920, maxHeight: Int = 1080, slotCount: Int = 3, eventCapacity: Int = 1024) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.slotCount = slotCount
        self.eventCapacity = eventCapacity
    }
}

/// Byte order of a pixel. Raw values are part of the shared layout.
public enum PixelFormat: UInt32, Sendable, CaseIterable {
    case rgba8 = 1
    case bgra8 = 2

    public var bytesPerPixel: Int { 4 }
}

/// What a slot says about the frame in it; validated against the slot's
/// capacity before anyone sees it.
public struct FrameInfo: Sendable, Equatable {
    /// 1 for the first frame a writer publishes, +1 for each after.
    public var frameNumber: UInt64
    public var width: Int
    public var height: Int
    /// Bytes from one row to the next (≥ width × 4).
    public var stride: Int
    public var format: PixelFormat
    /// CLOCK_MONOTONIC nanoseconds when the frame was published.
    public var publishedAt: UInt64

    /// Bytes of pixel data: stride × height.
    public var byteCount: Int { stride * height }
}

/// A frame still in shared memory. Valid only inside the closure that
/// receives it; its bytes may be overwritten meanwhile, which the ring
/// detects afterwards (the closure's result is then thrown away).
public struct FrameView {
    public let info: FrameInfo
    public let bytes: UnsafeRawBufferPointer
}

/// What waiting for a frame ended with.
public enum FrameWait: Sendable, Equatable {
    /// A frame newer than the one asked about; its number.
    case frame(UInt64)
    /// Nothing new within the timeout. Check ``FrameBus/writerStatus`` to tell
    /// a quiet writer from a dead one.
    case timedOut
    /// The writer closed the bus.
    case writerClosed
}
