import Foundation
import FrameBus
import StreamInterface
import Synchronization

/// The explorer's FrameBus segment as a ``StreamSource``: frames from its
/// ring, events into its queue. Attached as a reader, so closing it only
/// unmaps: the server never unlinks the explorer's segment.
public final class FrameBusSource: StreamSource, Sendable {
    public let bus: FrameBus
    public let name: String
    public let statusPath: String?

    public init(bus: FrameBus) {
        self.bus = bus
        self.name = bus.name?.description ?? "in-process"
        self.statusPath = bus.name.map { StreamStatusFile.path(forSegment: $0.description) }
    }

    public func waitForFrame(newerThan frameNumber: UInt64, timeout: Duration) -> SourceWait {
        switch bus.frames.wait(newerThan: frameNumber, timeout: timeout) {
        case .frame: return .frame
        case .timedOut: return .timedOut
        case .writerClosed: return .closed
        }
    }

    public func copyLatest(newerThan frameNumber: UInt64, into buffer: inout [UInt8]) -> SourceFrameInfo? {
        guard let info = bus.frames.copyLatest(newerThan: frameNumber, into: &buffer) else { return nil }
        return SourceFrameInfo(frameNumber: info.frameNumber, width: info.width, height: info.height, stride: info.stride,
                               format: info.format == .bgra8 ? .bgra8 : .rgba8, publishedAt: info.publishedAt)
    }

    public var isAlive: Bool {
        if let truncation = bus.truncation {
            if !reported.exchange(true, ordering: .relaxed) {
                FileHandle.standardError.write(Data("tangle-serve: \(truncation); the stream from it ended\n".utf8))
            }
            return false
        }
        return bus.writerStatus == .live
    }
    private let reported = Atomic<Bool>(false)

    public func push(_ event: InputEvent) -> Bool {
        guard let converted = Self.interactionEvent(event) else {
            // A double-click without its own FrameBus kind already went out
            // as the pointer-down with click count 2: nothing is lost.
            return event.kind == .doubleClick
        }
        return bus.events.push(converted) != .dropped
    }

    /// The FrameBus record for an event. A pointer-down carries its click
    /// count (2 on the second press of a double-click) in `keyCode`, which is
    /// otherwise unused for pointer events; a separate double-click record
    /// needs an event kind FrameBus layout version 1 lacks, so it is sent only
    /// when FrameBus knows raw value 7.
    static func interactionEvent(_ e: InputEvent) -> InteractionEvent? {
        let kind: EventKind?
        switch e.kind {
        case .pointerMove: kind = .pointerMove
        case .pointerDown: kind = .pointerDown
        case .pointerUp: kind = .pointerUp
        case .doubleClick: kind = EventKind(rawValue: 7)
        case .wheel: kind = .wheel
        case .keyDown: kind = .keyDown
        case .keyUp: kind = .keyUp
        }
        guard let kind else { return nil }
        return InteractionEvent(kind: kind, x: e.x, y: e.y, buttons: e.buttons,
                                modifiers: e.modifiers, wheelX: e.wheelX,
                                wheelY: e.wheelY, keyCode: e.kind == .pointerDown ? e.clickCount : e.keyCode,
                                source: e.source, serial: e.serial, timestamp: e.timestamp)
    }
}

/// Finds the explorer's segment: the one named, else the newest live one of
/// this user. A named segment is the only one ever attached: when it cannot be
/// attached there is no source, never another explorer's. A segment that went
/// away is never attached again.
public final class FrameBusConnector: SourceConnector, Sendable {
    private let preferred: String?
    private let finished = Mutex<Set<String>>([])

    /// - Parameter segment: a name such as `/tangle-1000-4242`, or nil for the newest.
    public init(segment: String?) {
        self.preferred = segment
    }

    /// Attaches to the named segment now, retrying until `timeout` passes (the
    /// explorer may be a moment from creating it). Throws why it could not.
    public static func attachNamed(_ name: String, timeout: Duration = .milliseconds(1500)) throws -> FrameBus {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            do {
                let bus = try FrameBus.attach(name)
                guard bus.writerStatus == .live else {
                    throw FrameBusError(.noLiveSegment, segment: name, "its writer is gone or closed it")
                }
                return bus
            } catch let error as FrameBusError {
                // Only a name that does not exist yet is worth waiting for.
                guard error.kind == .noSuchSegment, clock.now < deadline else { throw error }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    public func connect() -> (any StreamSource)? {
        var candidate: FrameBus?
        if let preferred {
            if !finished.withLock({ $0.contains(preferred) }) { candidate = try? FrameBus.attach(preferred) }
        } else {
            let gone = finished.withLock { $0 }
            let live = SegmentDirectory.list().filter { $0.status == .live && !gone.contains($0.name.description) }
                .sorted { ($0.createdAt ?? 0) > ($1.createdAt ?? 0) }
            for info in live {
                if let bus = try? FrameBus.attach(info.name) {
                    candidate = bus
                    break
                }
            }
        }
        guard let bus = candidate, bus.writerStatus == .live else {
            if let name = candidate?.name?.description { finished.withLock { _ = $0.insert(name) } }
            return nil
        }
        // Remember it now: once it goes, it is not to be picked again.
        finished.withLock { _ = $0.insert(bus.name?.description ?? "") }
        return FrameBusSource(bus: bus)
    }
}
