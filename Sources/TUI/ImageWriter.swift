import Foundation

/// Writes picture bytes to the terminal on its own thread, so a slow
/// terminal or SSH link never blocks input. The UI sends one frame at a time
/// and holds back its own (ncurses) output while a frame is in flight, so
/// text can never land inside an image sequence.
final class ImageWriter: @unchecked Sendable {
    struct Sent: Sendable { var bytes: Int; var seconds: Double; var startedAt: Double }

    private let fd: Int32
    private let condition = NSCondition()
    private var queued: [UInt8]?
    private var inFlight = false
    private var finished: [Sent] = []
    private var stopping = false
    private var running = false
    private let wake: @Sendable () -> Void

    init(fd: Int32, wake: @escaping @Sendable () -> Void) {
        self.fd = fd
        self.wake = wake
    }

    func start() {
        running = true
        let t = Thread { [unowned self] in self.loop() }
        t.name = "tangle-terminal-writer"
        t.start()
    }

    /// True from `send` until the last byte is written.
    var isBusy: Bool {
        condition.lock(); defer { condition.unlock() }
        return inFlight || queued != nil
    }

    func send(_ bytes: [UInt8]) {
        condition.lock()
        queued = bytes
        condition.signal()
        condition.unlock()
    }

    func takeFinished() -> [Sent] {
        condition.lock(); defer { condition.unlock() }
        let f = finished
        finished.removeAll()
        return f
    }

    /// Waits (bounded) for the frame in flight, then ends the thread.
    func stop(timeout: Double = 2) {
        let deadline = Date().addingTimeInterval(timeout)
        while isBusy && Date() < deadline { usleep(2000) }
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        while Date() < deadline {
            condition.lock()
            let done = !running
            condition.unlock()
            if done { return }
            usleep(1000)
        }
    }

    private func loop() {
        while true {
            condition.lock()
            while queued == nil && !stopping { condition.wait() }
            if stopping && queued == nil { running = false; condition.unlock(); return }
            let bytes = queued!
            queued = nil
            inFlight = true
            condition.unlock()

            let start = Self.now()
            var offset = 0
            bytes.withUnsafeBytes { raw in
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR || errno == EAGAIN { usleep(500); continue }
                        break  // the terminal is gone (EIO after a hang-up): stop trying
                    }
                    offset += n
                }
            }
            let seconds = Self.now() - start
            condition.lock()
            inFlight = false
            finished.append(Sent(bytes: bytes.count, seconds: seconds, startedAt: start))
            condition.unlock()
            wake()
        }
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
