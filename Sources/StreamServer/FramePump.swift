import Foundation
import NIOCore
import Synchronization
import TangleBasics

/// The one thread that reads the source, encodes each new frame once, and
/// hands it to the ``FrameHub``. It also finds a new source when the current
/// one goes away, and re-encodes the last frame at full quality once people
/// stop interacting.
///
/// A thread of its own (not a task) because waiting on the source blocks, and
/// encoding is CPU work that must not hold up the event loops.
public final class FramePump: Sendable {
    /// How frames are encoded.
    public struct Settings: Sendable {
        /// JPEG quality when the picture is still, and while someone interacts.
        public var fullQuality = 85
        public var reducedQuality = 55
        /// Halve both sides of frames at least this wide while someone interacts.
        public var halfSizeFromWidth = 960
        /// How long after the last interaction the picture counts as still.
        public var stillAfter: Duration = .milliseconds(200)
        /// How often to look for a source when there is none.
        public var connectInterval: Duration = .milliseconds(100)
        /// With no viewer streaming, frames are encoded only this long after
        /// someone asked for one (`/frame.jpg`); the first frame always is.
        public var encodeAfterDemand: Duration = .seconds(2)

        public init() {}
    }

    private struct Link {
        var source: (any StreamSource)?
        var stopped = false
    }

    public let hub: FrameHub
    public let statistics: StreamStatistics
    public let settings: Settings
    private let connector: any SourceConnector
    private let link = Mutex(Link())
    private let finished = DispatchSemaphore(value: 0)
    private let started = Atomic<Bool>(false)
    private let onSourceChange: @Sendable (SourceState, String) -> Void

    /// - Parameter onSourceChange: told (on the pump thread) when a source
    ///   becomes live or goes away, with its name.
    public init(connector: any SourceConnector, hub: FrameHub, statistics: StreamStatistics,
                settings: Settings = Settings(), onSourceChange: @escaping @Sendable (SourceState, String) -> Void = { _, _ in }) {
        self.connector = connector
        self.hub = hub
        self.statistics = statistics
        self.settings = settings
        self.onSourceChange = onSourceChange
    }

    /// Starts the thread (once).
    public func start() {
        guard started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let thread = Thread { [self] in
            self.run()
            self.finished.signal()
        }
        thread.name = "tangle-serve frame pump"
        thread.start()
    }

    /// Stops the thread and waits for it (at most one wait timeout, ~50 ms).
    public func stop() {
        link.withLock { $0.stopped = true }
        if started.load(ordering: .relaxed) { finished.wait() }
    }

    /// The current source's name, or nil.
    public var sourceName: String? { link.withLock { $0.source?.name } }
    /// Where the current source writes its status, if anywhere.
    public var statusPath: String? { link.withLock { $0.source?.statusPath } }

    /// True while a newer source frame waits unencoded (nobody was watching).
    public var hasUnencodedFrame: Bool { unencoded.load(ordering: .relaxed) }
    private let unencoded = Atomic<Bool>(false)

    /// Someone watches: an MJPEG stream or a WebSocket is open, or a single
    /// frame was asked for lately. Encoding for nobody is wasted CPU.
    private func watched(encodedSoFar: UInt64) -> Bool {
        if encodedSoFar == 0 { return true }
        if statistics.streamClients.load(ordering: .relaxed) > 0 || statistics.socketClients.load(ordering: .relaxed) > 0 {
            return true
        }
        let demand = hub.lastDemand
        return demand != 0 && monotonicNanos() &- demand < nanoseconds(settings.encodeAfterDemand)
    }

    /// Passes an event to the current source's queue; false when there is no
    /// source or its queue is full.
    public func push(_ event: InputEvent) -> Bool {
        guard let source = link.withLock({ $0.source }) else { return false }
        return source.push(event)
    }

    private var isStopped: Bool { link.withLock { $0.stopped } }

    private func run() {
        let encoder: JPEGEncoder
        do { encoder = try JPEGEncoder() } catch { return }
        var buffer: [UInt8] = []
        var lastFrame: UInt64 = 0
        var lastInfo: SourceFrameInfo?
        var lastWasReduced = false
        var sequence: UInt64 = hub.current.frame?.sequence ?? 0

        func encode(_ info: SourceFrameInfo, refinement: Bool) {
            let now = monotonicNanos()
            let interaction = hub.lastInteraction
            let interacting = !refinement && interaction != 0 && now &- interaction < nanoseconds(settings.stillAfter)
            let quality = interacting ? settings.reducedQuality : settings.fullQuality
            let half = interacting && info.width >= settings.halfSizeFromWidth
            let start = monotonicNanos()
            let encoded: EncodedFrame? = buffer.withUnsafeBytes { pixels in
                try? encoder.encode(pixels, info: info, quality: quality, halfSize: half) { jpeg, w, h in
                    sequence += 1
                    var bytes = ByteBuffer()
                    bytes.writeBytes(jpeg)
                    return EncodedFrame(sequence: sequence, sourceFrame: info.frameNumber, publishedAt: info.publishedAt,
                                        encodedAt: monotonicNanos(), width: w, height: h, sourceWidth: info.width,
                                        sourceHeight: info.height, reduced: interacting, jpeg: bytes)
                }
            }
            guard let encoded else { return }
            statistics.framesEncoded.add(1, ordering: .relaxed)
            statistics.encodeNanos.add(Int(monotonicNanos() &- start), ordering: .relaxed)
            statistics.jpegBytes.add(encoded.jpeg.readableBytes, ordering: .relaxed)
            if interacting { statistics.reducedFrames.add(1, ordering: .relaxed) }
            if refinement { statistics.refinements.add(1, ordering: .relaxed) }
            lastWasReduced = interacting
            hub.publish(encoded)
        }

        while !isStopped {
            guard let source = link.withLock({ $0.source }) else {
                if let found = connector.connect() {
                    link.withLock { $0.source = found }
                    lastFrame = 0
                    lastInfo = nil
                    hub.setSource(.live, segment: found.name)
                    onSourceChange(.live, found.name)
                } else {
                    Thread.sleep(forTimeInterval: Double(nanoseconds(settings.connectInterval)) / 1e9)
                }
                continue
            }
            var gone = false
            switch source.waitForFrame(newerThan: lastFrame, timeout: .milliseconds(50)) {
            case .frame:
                if let info = source.copyLatest(newerThan: lastFrame, into: &buffer) {
                    lastFrame = info.frameNumber
                    lastInfo = info
                    if watched(encodedSoFar: sequence) {
                        encode(info, refinement: false)
                        unencoded.store(false, ordering: .relaxed)
                    } else {
                        unencoded.store(true, ordering: .relaxed)
                    }
                }
            case .timedOut:
                if !source.isAlive {
                    gone = true
                } else if unencoded.load(ordering: .relaxed), let info = lastInfo, watched(encodedSoFar: sequence) {
                    encode(info, refinement: false)
                    unencoded.store(false, ordering: .relaxed)
                } else if lastWasReduced, let info = lastInfo,
                          monotonicNanos() &- hub.lastInteraction >= nanoseconds(settings.stillAfter) {
                    encode(info, refinement: true)
                }
            case .closed:
                gone = true
            }
            if gone {
                // The last picture stays on viewers' screens: make it a full one.
                if lastWasReduced, let info = lastInfo { encode(info, refinement: true) }
                link.withLock { $0.source = nil }
                hub.setSource(.gone, segment: source.name)
                onSourceChange(.gone, source.name)
            }
        }
    }
}
