import Foundation
import TangleBasics
import TerminalGraphics

/// The one writer of the terminal while the explorer runs. Writes go out on
/// their own thread, so a slow terminal or SSH link never blocks input; the
/// state sends the next write only after this one's report came back, so
/// bytes reach the terminal whole and in the order they were composed.
final class TerminalOutput: @unchecked Sendable {
    private let fd: Int32
    private let condition = NSCondition()
    private var queued: WriteJob?
    private var stopping = false
    private var running = false
    private var writing = false
    private let report: @Sendable (WriteReport) -> Void

    init(fd: Int32, report: @escaping @Sendable (WriteReport) -> Void) {
        self.fd = fd
        self.report = report
    }

    func start() {
        running = true
        let t = Thread { [unowned self] in self.loop() }
        t.name = "tangle-terminal-writer"
        t.start()
    }

    func send(_ job: WriteJob) {
        condition.lock()
        queued = job
        condition.signal()
        condition.unlock()
    }

    /// Waits (bounded) until nothing is being written or waits to be: the
    /// caller sends nothing meanwhile. True when the writer is idle.
    @discardableResult
    func waitIdle(timeout: Double = 2) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while writing || queued != nil {
            if !condition.wait(until: deadline) { return false }
        }
        return true
    }

    /// Lets the write in flight finish (bounded), then ends the thread.
    func stop(timeout: Double = 2) {
        let deadline = monotonicSeconds() + timeout
        condition.lock()
        stopping = true
        condition.signal()
        while running && monotonicSeconds() < deadline {
            condition.unlock()
            usleep(1000)
            condition.lock()
        }
        condition.unlock()
    }

    private func loop() {
        while true {
            condition.lock()
            while queued == nil && !stopping { condition.wait() }
            guard let job = queued else { running = false; condition.unlock(); return }
            queued = nil
            writing = true
            condition.unlock()

            let start = monotonicSeconds()
            // False when the terminal is gone (EIO after a hang-up): the loop sees the hang-up on stdin.
            _ = writeAll(fd, job.bytes)
            report(WriteReport(bytes: job.bytes.count, startedAt: start, seconds: monotonicSeconds() - start,
                               picture: job.picture, seq: job.seq))
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }
}

/// The explorer's event queue: every thread (layout, statistics, render,
/// writer, browser, side server) posts here; the loop sleeps in `poll` on
/// `fd` (and the terminal) until something arrives or a deadline passes.
/// Layout snapshots coalesce: only the newest waiting one is kept.
final class EventInbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [AppEvent] = []
    private var layoutIndex: Int?
    private let readFD: Int32
    private let writeFD: Int32

    init() {
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for f in fds { _ = fcntl(f, F_SETFL, O_NONBLOCK); _ = fcntl(f, F_SETFD, FD_CLOEXEC) }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit { close(readFD); close(writeFD) }

    /// The descriptor that becomes readable when events wait.
    var fd: Int32 { readFD }

    func post(_ event: AppEvent) {
        lock.lock()
        let wasEmpty = events.isEmpty
        if case .layout = event {
            if let i = layoutIndex { events[i] = event } else { layoutIndex = events.count; events.append(event) }
        } else {
            events.append(event)
        }
        lock.unlock()
        if wasEmpty { var b: UInt8 = 1; _ = write(writeFD, &b, 1) }
    }

    /// Everything waiting, oldest first.
    func drain() -> [AppEvent] {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(readFD, &sink, sink.count) > 0 {}
        lock.lock()
        let taken = events
        events.removeAll(keepingCapacity: true)
        layoutIndex = nil
        lock.unlock()
        return taken
    }
}
