/// Keeps the picture live when the terminal or the link is slower than the
/// renderer: measures bytes per frame and the bytes per second the writes
/// achieve, drops frames while the link is still draining the last one (the
/// caller keeps only the newest frame), and lowers the
/// detail while the picture moves so frames fit the budget; full detail
/// returns once the picture is still.
///
/// Times are seconds on any monotonic clock the caller chooses.
public struct BandwidthGovernor: Sendable {
    /// Frames per second aimed at while moving.
    public var targetFPS: Double
    /// Largest detail divisor (frame width and height divided by it).
    public let maxDivisor: Int
    /// Achieved throughput, bytes per second (moving average of the writes).
    public private(set) var bytesPerSecond: Double
    /// Bytes of the last frame sent.
    public private(set) var lastFrameBytes = 0
    /// Frames sent and frames dropped so far.
    public private(set) var sentFrames = 0
    public private(set) var droppedFrames = 0
    /// The divisor chosen for the current frame.
    public private(set) var divisor = 1
    /// Bytes a frame took at each divisor (moving average), index = divisor.
    private var bytesAtDivisor: [Double]
    private var busyUntil = -Double.infinity
    /// When the last frame was asked for (`noteRequest`). Pacing counts from
    /// here, not from the write, which comes a render later: counting from
    /// the write would add the render time to every frame interval.
    public private(set) var lastRequest = -Double.infinity

    /// `assumedBytesPerSecond` stands in until the first write is measured.
    public init(targetFPS: Double = 15, maxDivisor: Int = 4, assumedBytesPerSecond: Double = 8_000_000) {
        self.targetFPS = max(1, targetFPS)
        self.maxDivisor = max(1, maxDivisor)
        self.bytesPerSecond = assumedBytesPerSecond
        self.bytesAtDivisor = [Double](repeating: 0, count: max(1, maxDivisor) + 1)
    }

    /// Whether a frame may be asked for at `now`. False while the previous
    /// frame is still draining through the link (by the measured rate) or,
    /// while moving, the frame interval since the last request has not
    /// passed: that frame is dropped, never queued.
    public mutating func shouldSend(now: Double, moving: Bool) -> Bool {
        let interval = moving ? 1 / targetFPS : 0
        if now < busyUntil || now - lastRequest < interval {
            droppedFrames += 1
            return false
        }
        return true
    }

    /// A frame was asked for at `now` (its render starts).
    public mutating func noteRequest(at now: Double) {
        lastRequest = now
    }

    /// The divisor for the next frame. Still: 1 (full detail). Moving: the
    /// smallest divisor whose expected frame fits the per-frame byte budget
    /// at the measured rate; it drops at once and climbs back one step a frame.
    /// `limit` caps the divisor (a frame stays at least ~160 pixels wide).
    /// `budget` (bytes a frame) replaces the rate over the frame rate.
    public mutating func chooseDivisor(moving: Bool, limit: Int? = nil, budget: Double? = nil) -> Int {
        guard moving else { divisor = 1; return 1 }
        let top = max(1, min(maxDivisor, limit ?? maxDivisor))
        let budget = budget ?? bytesPerSecond / targetFPS
        var want = top
        for d in 1...top where expectedBytes(divisor: d) <= budget { want = d; break }
        divisor = min(divisor, top)
        divisor = want > divisor ? want : max(want, divisor - 1)
        return divisor
    }

    /// Records a frame written: its size, the seconds the writes blocked,
    /// and when the writing began. A write that blocks measures the link;
    /// one that returns at once raises the estimate only gently.
    public mutating func recordSent(bytes: Int, writeSeconds: Double, startedAt: Double, divisor d: Int) {
        recordFrame(bytes: bytes, divisor: d)
        if writeSeconds > 0.002 {
            let sample = Double(bytes) / writeSeconds
            bytesPerSecond = 0.7 * bytesPerSecond + 0.3 * sample
        } else {
            // Buffers (the pty, sshd's channel window) can swallow a frame at once, so a
            // quick write proves little: let it raise the estimate by a quarter at most.
            bytesPerSecond = min(bytesPerSecond * 1.25, max(bytesPerSecond, Double(bytes) / 0.002))
        }
        // The kernel and the link still hold what the writes handed over.
        busyUntil = startedAt + max(writeSeconds, Double(bytes) / bytesPerSecond)
    }

    /// Records a frame's size at its divisor only: the rate comes from
    /// elsewhere (`adopt`), as under end-to-end flow control.
    public mutating func recordFrame(bytes: Int, divisor d: Int) {
        sentFrames += 1
        lastFrameBytes = bytes
        let k = max(1, min(maxDivisor, d))
        bytesAtDivisor[k] = bytesAtDivisor[k] == 0 ? Double(bytes) : 0.7 * bytesAtDivisor[k] + 0.3 * Double(bytes)
    }

    /// Takes a rate measured end to end (the terminal's answers) as the link's.
    public mutating func adopt(bytesPerSecond rate: Double) {
        guard rate.isFinite, rate > 0 else { return }
        bytesPerSecond = rate
    }

    /// Expected bytes at divisor `d`: measured when seen, else scaled from
    /// the nearest measured divisor (bytes fall roughly with the divisor).
    public func expectedBytes(divisor d: Int) -> Double {
        if bytesAtDivisor[d] > 0 { return bytesAtDivisor[d] }
        // From the nearest measured divisor: bytes fall roughly with the divisor.
        var nearest: Int?
        for k in 1...maxDivisor where bytesAtDivisor[k] > 0 {
            if nearest == nil || abs(k - d) < abs(nearest! - d) { nearest = k }
        }
        if let k = nearest { return bytesAtDivisor[k] * Double(k) / Double(d) }
        return 0
    }
}
