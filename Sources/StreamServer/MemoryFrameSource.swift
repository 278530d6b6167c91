import Foundation
import Synchronization
import TangleBasics

/// A source inside this process: frames published by calling ``publish(_:width:height:format:)``,
/// events collected in a bounded queue. Used by tests and the built-in demo;
/// the explorer's real source is FrameBus.
public final class MemoryFrameSource: StreamSource, @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `condition`.
    public let name: String
    public let statusPath: String?
    private let condition = NSCondition()
    private var pixels: [UInt8] = []
    private var info: SourceFrameInfo?
    private var closed = false
    private var events: [InputEvent] = []
    /// Events beyond this many are refused, as a full FrameBus queue would.
    public let eventCapacity: Int

    public init(name: String = "memory", statusPath: String? = nil, eventCapacity: Int = 1024) {
        self.name = name
        self.statusPath = statusPath
        self.eventCapacity = eventCapacity
    }

    /// Publishes a frame (4 bytes a pixel, rows packed) and wakes waiters.
    @discardableResult
    public func publish(_ bytes: [UInt8], width: Int, height: Int, format: SourcePixelFormat = .rgba8) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        let number = (info?.frameNumber ?? 0) + 1
        pixels = bytes
        info = SourceFrameInfo(frameNumber: number, width: width, height: height, stride: width * 4, format: format,
                               publishedAt: monotonicNanos())
        condition.broadcast()
        return number
    }

    /// Marks the source gone, as an exiting explorer does.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    public var latestFrameNumber: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return info?.frameNumber ?? 0
    }

    public var isAlive: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !closed
    }

    public func waitForFrame(newerThan frameNumber: UInt64, timeout: Duration) -> SourceWait {
        let deadline = Date().addingTimeInterval(Double(nanoseconds(timeout)) / 1e9)
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let info, info.frameNumber > frameNumber { return .frame }
            if closed { return .closed }
            if !condition.wait(until: deadline) { return (info?.frameNumber ?? 0) > frameNumber ? .frame : .timedOut }
        }
    }

    public func copyLatest(newerThan frameNumber: UInt64, into buffer: inout [UInt8]) -> SourceFrameInfo? {
        condition.lock()
        defer { condition.unlock() }
        guard let info, info.frameNumber > frameNumber else { return nil }
        buffer = pixels
        return info
    }

    public func push(_ event: InputEvent) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, events.count < eventCapacity else { return false }
        events.append(event)
        return true
    }

    /// Takes every queued event, oldest first.
    public func drainEvents() -> [InputEvent] {
        condition.lock()
        defer { condition.unlock() }
        let taken = events
        events.removeAll()
        return taken
    }
}

/// A connector that hands out whatever source it currently holds, once each.
public final class FixedConnector: SourceConnector, Sendable {
    private let next = Mutex<(any StreamSource)?>(nil)

    public init(_ source: (any StreamSource)? = nil) {
        next.withLock { $0 = source }
    }

    /// Offers `source` to the server the next time it looks for one.
    public func offer(_ source: any StreamSource) {
        next.withLock { $0 = source }
    }

    public func connect() -> (any StreamSource)? {
        next.withLock { s in
            defer { s = nil }
            return s
        }
    }
}
