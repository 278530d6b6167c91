import Foundation
import StreamInterface

/// The browser side server (`tangle-serve`) as a child process of the
/// explorer. It lives in its own executable so the explorer never links the
/// HTTP stack; it announces itself with JSON lines on its stdout.
final class ServerProcess: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var ended = false

    /// `tangle-serve` beside the running `tangle`, else on PATH.
    static func executable() -> String? {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = me.deletingLastPathComponent().appendingPathComponent("tangle-serve").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let p = "\(dir)/tangle-serve"
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }

    init(executable: String, segment: String, port: Int, bind: String, onEvent: @escaping @Sendable (ServerEvent) -> Void) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--source", segment, "--port", "\(port)", "--bind", bind, "--exit-when-source-gone"]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
        process.terminationHandler = { [weak self] p in
            guard let self else { return }
            self.lock.lock()
            let first = !self.ended
            self.ended = true
            self.lock.unlock()
            if first { onEvent(.ended("side server exited (status \(p.terminationStatus))")) }
        }
        try process.run()
        let handle = out.fileHandleForReading
        let t = Thread { [weak self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let nl = buffer.firstIndex(of: 0x0A) {
                    let line = String(decoding: buffer[buffer.startIndex..<nl], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...nl)
                    guard let self, let a = ServeAnnouncement.parse(line: line) else { continue }
                    switch a.event {
                    case "listening": onEvent(.listening(a))
                    case "stopped":
                        self.lock.lock()
                        let first = !self.ended
                        self.ended = true
                        self.lock.unlock()
                        if first { onEvent(.ended(a.message ?? "side server stopped")) }
                    default: break
                    }
                }
            }
        }
        t.name = "tangle-serve-reader"
        t.start()
    }

    /// SIGTERM, then SIGKILL if it has not gone within a second. Stopping
    /// it on purpose is not news: no `.ended` event follows.
    func stop() {
        lock.lock(); ended = true; lock.unlock()
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(1.0)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
