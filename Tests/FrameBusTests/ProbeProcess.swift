// Runs framebus-probe (built beside the test binary) as a real child process,
// with timeouts on every read and wait so a broken child cannot hang the tests.
import Foundation
import Testing

final class ProbeProcess: @unchecked Sendable {
    // @unchecked: each test drives one probe from one thread at a time.
    let process = Process()
    private let output = Pipe()
    private let input = Pipe()
    private var pending = [UInt8]()

    /// The probe executable next to this test bundle.
    static var probePath: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("framebus-probe").path
    }

    /// Starts `framebus-probe args…`; as uid/gid 65534 with `asNobody` (needs root).
    init(_ args: [String], asNobody: Bool = false) throws {
        if asNobody {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", Self.probePath] + args
        } else {
            process.executableURL = URL(fileURLWithPath: Self.probePath)
            process.arguments = args
        }
        process.standardOutput = output
        process.standardInput = input
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    var pid: Int32 { process.processIdentifier }

    /// The next line the probe prints, or nil after `timeout` or at EOF.
    func readLine(timeout: Duration = .seconds(30)) -> String? {
        let fd = output.fileHandleForReading.fileDescriptor
        let deadline = ContinuousClock.now + timeout
        while true {
            if let nl = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<nl], as: UTF8.self)
                pending.removeSubrange(...nl)
                return line
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ms = Int32(min(left.components.seconds * 1000 + 1, 1000))
            guard poll(&p, 1, ms) >= 0 else { return nil }
            if p.revents == 0 { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return nil }
            pending.append(contentsOf: chunk[0..<n])
        }
    }

    /// Reads lines until one starts with `prefix`; returns the rest of it.
    func expectLine(_ prefix: String, timeout: Duration = .seconds(60)) -> String? {
        while let line = readLine(timeout: timeout) {
            if line.hasPrefix(prefix) { return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    /// Waits for the child to end; kills it after `timeout`. Returns its exit status.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(60)) -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(2000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            Issue.record("probe \(process.arguments ?? []) did not finish in \(timeout); killed")
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    func kill9() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// key=value pairs of a probe's report line.
func fields(_ line: String?) -> [String: String] {
    var out: [String: String] = [:]
    for part in (line ?? "").split(separator: " ") {
        let kv = part.split(separator: "=", maxSplits: 1)
        if kv.count == 2 { out[String(kv[0])] = String(kv[1]) }
    }
    return out
}

/// Whether /dev/shm holds `name` (e.g. "/tangle-0-42").
func segmentExists(_ name: String) -> Bool {
    FileManager.default.fileExists(atPath: "/dev/shm" + name)
}

/// A value shared with a helper thread.
final class Locked<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: T
    init(_ value: T) { self.value = value }
    func withLock<R>(_ body: (inout T) -> R) -> R {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
