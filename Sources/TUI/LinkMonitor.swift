/// End-to-end flow control with the terminal. Every write ends with a
/// primary device attributes query (`ESC [ c`); the terminal answers it only
/// after it has read and acted on everything before it, so each answer says
/// "that write has been shown", wherever the bytes waited on the way (sshd's
/// channel window, socket buffers, a shaped link, a busy terminal). A
/// write's completion says nothing over SSH: sshd takes megabytes at once.
///
/// From the answers: the round trip (the quickest answers to small writes)
/// and the bytes per second the whole path delivers (each answered write's
/// bytes over the time it occupied the path). Writes are then held back so
/// nothing queues: a picture goes only once the path is estimated to have
/// drained what went before, and at most `maxUnansweredPictures` pictures
/// are ever unanswered.
///
/// Times are seconds on the caller's monotonic clock.
struct LinkMonitor: Sendable, Equatable {
    struct Probe: Sendable, Equatable {
        var sentAt: Double
        var bytes: Int
        var picture: Bool
    }

    /// The terminal answers DA1 (it did at start): flow control is on.
    private(set) var enabled: Bool
    /// Writes sent and not yet answered, oldest first.
    private(set) var outstanding: [Probe] = []
    /// Round-trip estimate (seconds): the quickest recent answer to a small write.
    private(set) var roundTrip: Double
    /// Delivered bytes per second (moving average over answered writes).
    private(set) var bytesPerSecond: Double
    /// Answers so far, and probes given up on.
    private(set) var answered = 0
    private(set) var lost = 0

    /// The longest wait for an answer among the last few (seconds).
    var recentDelay: Double { recentDelays.max() ?? roundTrip }
    private var recentDelays: [Double] = []

    /// Recent round-trip samples (answer delay of small writes sent on an idle path).
    private var rttSamples: [Double] = []
    private var lastAnswerAt = -Double.infinity
    /// Recent delivery-rate samples (bytes per second of answered large writes).
    private var rates: [Double] = []

    static let maxUnansweredPictures = 2
    /// Text-only writes (status, panel) unanswered at once: the status line
    /// must not crowd out pictures, nor lag behind more than one write.
    static let maxUnansweredText = 1
    /// A write this small measures the round trip, not the rate.
    static let smallWrite = 2_048

    init(enabled: Bool, roundTrip: Double = 0.005, assumedBytesPerSecond: Double = 4_000_000) {
        self.enabled = enabled
        self.roundTrip = roundTrip
        self.bytesPerSecond = assumedBytesPerSecond
    }

    /// The query appended to every write while enabled.
    static let probe: [UInt8] = [0x1B, 0x5B, 0x63]

    /// When everything unanswered has left the path (estimated), or `now` when idle.
    func drainedAt(now: Double) -> Double {
        var t = -Double.infinity
        for p in outstanding { t = max(t, p.sentAt) + Double(p.bytes) / bytesPerSecond }
        return t
    }

    var unansweredPictures: Int { outstanding.filter(\.picture).count }

    /// May a write go now? A picture waits until the path is (estimated to
    /// be) free, so it never sits behind another; text waits only for the
    /// one text write unanswered (two when it answers a key).
    /// A picture that answers input may be one over the cap (it still
    /// never waits behind another: the path must be drained).
    func mayWrite(picture: Bool, now: Double, answersInput: Bool = false) -> Bool {
        guard enabled else { return true }
        let extra = answersInput ? 1 : 0
        guard picture else { return outstanding.count - unansweredPictures < Self.maxUnansweredText + extra }
        if unansweredPictures >= Self.maxUnansweredPictures + extra { return false }
        return now >= drainedAt(now: now)
    }

    /// May a picture be asked for now, given it takes about `renderSeconds`
    /// to draw? It should be ready just as the path frees, not earlier
    /// (it would wait and arrive old), not later (the path would idle).
    func mayRequestPicture(now: Double, renderSeconds: Double, answersInput: Bool = false) -> Bool {
        guard enabled else { return true }
        let ready = now + renderSeconds
        let cap = Self.maxUnansweredPictures + (answersInput ? 1 : 0)
        if unansweredPictures >= cap {
            // At the cap: draw it so that it is ready when the oldest picture's answer is due.
            guard let oldest = outstanding.first(where: \.picture), unansweredPictures == cap,
                  ready >= expectedAnswer(of: oldest) else { return false }
        }
        return ready >= drainedAt(now: now)
    }

    /// When the answer to `probe` is expected: its bytes through the path, then a round trip.
    func expectedAnswer(of probe: Probe) -> Double {
        var t = -Double.infinity
        for p in outstanding {
            t = max(t, p.sentAt) + Double(p.bytes) / bytesPerSecond
            if p == probe { break }
        }
        return t + roundTrip
    }

    /// When `mayRequestPicture` turns true if no answer comes first (for the
    /// loop's deadline; an answer wakes the loop anyway). Nil: now.
    func nextRequestTime(now: Double, renderSeconds: Double) -> Double? {
        guard enabled, !outstanding.isEmpty else { return nil }
        var t = drainedAt(now: now) - renderSeconds
        if unansweredPictures >= Self.maxUnansweredPictures, let oldest = outstanding.first(where: \.picture) {
            t = max(t, expectedAnswer(of: oldest) - renderSeconds)
        }
        return t > now ? t : nil
    }

    /// When a held-back picture may go (for the loop's deadline).
    func nextWriteTime(now: Double) -> Double? {
        guard enabled, !outstanding.isEmpty else { return nil }
        return max(now, drainedAt(now: now))
    }

    /// The byte budget of one frame at `fps` frames a second.
    func frameBudget(fps: Double) -> Double { usableBytesPerSecond / max(fps, 1) }

    /// What pictures may use: a fifth is left for text, answers and ssh's framing.
    var usableBytesPerSecond: Double { 0.8 * bytesPerSecond }

    mutating func sent(bytes: Int, picture: Bool, at now: Double) {
        guard enabled else { return }
        outstanding.append(Probe(sentAt: now, bytes: bytes, picture: picture))
    }

    /// The terminal answered the oldest unanswered probe at `now`; returns it.
    @discardableResult
    mutating func answer(at now: Double) -> Probe? {
        guard enabled, !outstanding.isEmpty else { return nil }
        let p = outstanding.removeFirst()
        answered += 1
        let delay = max(0, now - p.sentAt)
        recentDelays.append(delay)
        if recentDelays.count > 8 { recentDelays.removeFirst() }
        // No small write answered yet: the quickest answer bounds the round trip.
        if rttSamples.isEmpty { roundTrip = recentDelays.min() ?? roundTrip }
        // Sent on an idle path: the answer took one round trip plus the bytes.
        let idle = p.sentAt >= lastAnswerAt
        if p.bytes <= Self.smallWrite && idle {
            rttSamples.append(delay)
            if rttSamples.count > 16 { rttSamples.removeFirst() }
            roundTrip = rttSamples.min() ?? delay
        }
        if p.bytes > 16_384 {
            // The path carried this write from when it was sent (plus half a
            // round trip each way) or from the previous answer, whichever is later.
            let began = max(p.sentAt + roundTrip, lastAnswerAt)
            let seconds = max(now - began, 0.0005)
            // Answers read together (the loop was busy) make a later one look
            // instant: no sample may claim more than twice the estimate. The
            // median of the recent ones rides out a busy machine's delays.
            rates.append(min(Double(p.bytes) / seconds, 2 * bytesPerSecond))
            if rates.count > 9 { rates.removeFirst() }
            let sorted = rates.sorted()
            bytesPerSecond = sorted[sorted.count / 2]
        }
        lastAnswerAt = now
        return p
    }

    /// Gives up on probes unanswered for too long (the terminal dropped one,
    /// or stopped answering): a path that never answers turns flow control off
    /// rather than freezing the picture.
    mutating func expire(now: Double) {
        guard let (oldest, patience) = waitLimit(), now - oldest.sentAt > patience else { return }
        lost += outstanding.count
        outstanding.removeAll()
        // Still silent after answering nothing at all, or often lost: stop asking.
        if answered == 0 || lost > 8 { enabled = false }
    }

    /// Stops waiting for what is outstanding (after the process was stopped:
    /// the answers may have gone to the shell).
    mutating func forgetOutstanding() {
        outstanding.removeAll()
        lastAnswerAt = -Double.infinity
    }

    /// When `expire` should next look (for the loop's deadline).
    func expiryTime() -> Double? {
        guard let (oldest, patience) = waitLimit() else { return nil }
        return oldest.sentAt + patience + 0.001
    }

    /// The oldest unanswered probe and how long its answer is waited for:
    /// 3 s, or four times what the path should need for everything unanswered.
    private func waitLimit() -> (oldest: Probe, patience: Double)? {
        guard enabled, let oldest = outstanding.first else { return nil }
        let expected = roundTrip + Double(outstanding.reduce(0) { $0 + $1.bytes }) / bytesPerSecond
        return (oldest, max(3, 4 * expected))
    }
}
