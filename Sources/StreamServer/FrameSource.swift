/// Pixel byte order of a source frame.
public enum SourcePixelFormat: Sendable, Equatable {
    case rgba8
    case bgra8
}

/// What a source says about one frame.
public struct SourceFrameInfo: Sendable, Equatable {
    /// The source's own frame number: 1 for its first frame, +1 after.
    public var frameNumber: UInt64
    public var width: Int
    public var height: Int
    /// Bytes from one row to the next (≥ width × 4).
    public var stride: Int
    public var format: SourcePixelFormat
    /// CLOCK_MONOTONIC nanoseconds when the source published the frame.
    public var publishedAt: UInt64

    public init(frameNumber: UInt64, width: Int, height: Int, stride: Int, format: SourcePixelFormat,
                publishedAt: UInt64) {
        self.frameNumber = frameNumber
        self.width = width
        self.height = height
        self.stride = stride
        self.format = format
        self.publishedAt = publishedAt
    }
}

/// What waiting on a source ended with.
public enum SourceWait: Sendable, Equatable {
    /// A frame newer than the one asked about exists.
    case frame
    /// Nothing new within the timeout.
    case timedOut
    /// The source is gone (its writer closed it or died).
    case closed
}

/// Frames to stream: the newest frame newer than k, and a way to wait for one.
///
/// The server calls these from one dedicated thread, never from the
/// concurrency pool or an event loop, so blocking here is fine.
public protocol FrameSource: AnyObject, Sendable {
    /// A name for people and logs (the FrameBus segment name).
    var name: String { get }
    /// Blocks until a frame newer than `frameNumber` exists, the source closes,
    /// or `timeout` passes.
    func waitForFrame(newerThan frameNumber: UInt64, timeout: Duration) -> SourceWait
    /// Copies the newest frame newer than `frameNumber` into `buffer` (resized
    /// to stride × height) and describes it; nil when there is none.
    func copyLatest(newerThan frameNumber: UInt64, into buffer: inout [UInt8]) -> SourceFrameInfo?
    /// False once the writer has closed the source or died.
    var isAlive: Bool { get }
    /// Where the explorer writes its ``StreamInterface/StreamStatus``, if anywhere.
    var statusPath: String? { get }
}

/// Where interaction from browsers goes: the explorer's event queue.
public protocol EventSink: AnyObject, Sendable {
    /// Queues one event; false when it could not be queued (queue full or gone).
    func push(_ event: InputEvent) -> Bool
}

/// A source of frames that also takes events back (one explorer).
public typealias StreamSource = FrameSource & EventSink

/// Finds a source to stream from; asked again whenever the current one is gone.
public protocol SourceConnector: Sendable {
    /// A live source, or nil when there is none right now. Must not block long.
    func connect() -> (any StreamSource)?
}
