import Synchronization

/// Counters the server keeps about itself, for `/stats.json` and the benchmark.
/// All relaxed atomics: each is read on its own, never as a consistent set.
public final class StreamStatistics: Sendable {
    public let framesEncoded = Atomic<Int>(0)
    public let reducedFrames = Atomic<Int>(0)
    /// Full-quality re-encodes of a frame first sent reduced.
    public let refinements = Atomic<Int>(0)
    public let encodeNanos = Atomic<Int>(0)
    public let jpegBytes = Atomic<Int>(0)
    /// MJPEG parts written to clients, and frames a slow client skipped.
    public let partsSent = Atomic<Int>(0)
    public let framesSkipped = Atomic<Int>(0)
    public let streamClients = Atomic<Int>(0)
    public let socketClients = Atomic<Int>(0)
    public let clientsRefused = Atomic<Int>(0)
    public let unauthorized = Atomic<Int>(0)
    public let badRequests = Atomic<Int>(0)
    /// Connections closed without a whole head: evicted from the full
    /// unauthenticated pool, or refused with 400/431 by the gate.
    public let unauthenticatedEvicted = Atomic<Int>(0)
    public let headsRefused = Atomic<Int>(0)
    public let messagesReceived = Atomic<Int>(0)
    /// WebSocket messages that were not valid input (dropped).
    public let messagesInvalid = Atomic<Int>(0)
    /// WebSocket messages over the per-connection rate (dropped).
    public let messagesRateLimited = Atomic<Int>(0)
    public let eventsQueued = Atomic<Int>(0)
    /// Valid events the explorer's queue could not take.
    public let eventsLost = Atomic<Int>(0)

    public init() {}

    /// Everything as name → value, for JSON.
    public func dictionary() -> [String: Int] {
        [
            "framesEncoded": framesEncoded.load(ordering: .relaxed),
            "reducedFrames": reducedFrames.load(ordering: .relaxed),
            "refinements": refinements.load(ordering: .relaxed),
            "encodeMicrosTotal": encodeNanos.load(ordering: .relaxed) / 1000,
            "jpegBytesTotal": jpegBytes.load(ordering: .relaxed),
            "partsSent": partsSent.load(ordering: .relaxed),
            "framesSkipped": framesSkipped.load(ordering: .relaxed),
            "streamClients": streamClients.load(ordering: .relaxed),
            "socketClients": socketClients.load(ordering: .relaxed),
            "clientsRefused": clientsRefused.load(ordering: .relaxed),
            "unauthorized": unauthorized.load(ordering: .relaxed),
            "badRequests": badRequests.load(ordering: .relaxed),
            "unauthenticatedEvicted": unauthenticatedEvicted.load(ordering: .relaxed),
            "headsRefused": headsRefused.load(ordering: .relaxed),
            "messagesReceived": messagesReceived.load(ordering: .relaxed),
            "messagesInvalid": messagesInvalid.load(ordering: .relaxed),
            "messagesRateLimited": messagesRateLimited.load(ordering: .relaxed),
            "eventsQueued": eventsQueued.load(ordering: .relaxed),
            "eventsLost": eventsLost.load(ordering: .relaxed),
        ]
    }
}
