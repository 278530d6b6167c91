import Foundation
import Synchronization
import Testing
@testable import TUI

/// The one writer of the terminal. Before Ctrl-Z stops the process, the loop
/// waits for it to be idle: a picture cut off half-way would leave the shell
/// inside a sixel or an escape sequence.
@Suite struct TerminalOutputTests {
    final class Reports: Sendable {
        let seqs = Mutex<[Int]>([])
    }

    /// A pipe: the writer writes into one end, the test reads the other.
    static func pipePair() -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        return (fds[0], fds[1])
    }

    @Test func waitIdleReturnsOnlyOnceTheWriteInFlightIsWholeAndReported() throws {
        let (r, w) = Self.pipePair()
        defer { close(r); close(w) }
        let reports = Reports()
        let output = TerminalOutput(fd: w, report: { rep in reports.seqs.withLock { $0.append(rep.seq) } })
        output.start()
        // 1 MiB: far more than the pipe holds, so the write blocks until read.
        let job = WriteJob(bytes: [UInt8](repeating: 0x41, count: 1 << 20), picture: nil, seq: 7)
        output.send(job)
        // Nobody reads: the writer is stuck in the write, and waitIdle says so in time.
        let start = Date()
        #expect(output.waitIdle(timeout: 0.3) == false)
        #expect(Date().timeIntervalSince(start) < 2)
        #expect(reports.seqs.withLock { $0 }.isEmpty)
        // Now a reader drains the pipe: the write completes, is reported, then the writer is idle.
        let drained = Mutex(0)
        let readerDone = DispatchSemaphore(value: 0)
        let reader = Thread {
            var buf = [UInt8](repeating: 0, count: 65536)
            while drained.withLock({ $0 }) < job.bytes.count {
                let n = buf.withUnsafeMutableBytes { read(r, $0.baseAddress, $0.count) }
                if n <= 0 { break }
                drained.withLock { $0 += n }
            }
            readerDone.signal()
        }
        reader.start()
        #expect(output.waitIdle(timeout: 10) == true)
        // Idle means the write returned (its last bytes are in the pipe) and was reported.
        #expect(reports.seqs.withLock { $0 } == [7])
        #expect(drained.withLock { $0 } > 0)
        // Every byte was written: the reader gets them all.
        #expect(readerDone.wait(timeout: .now() + 10) == .success)
        #expect(drained.withLock { $0 } == job.bytes.count)
        output.stop()
    }

    @Test func waitIdleOnAnIdleWriterReturnsAtOnce() {
        let (r, w) = Self.pipePair()
        defer { close(r); close(w) }
        let output = TerminalOutput(fd: w, report: { _ in })
        output.start()
        #expect(output.waitIdle(timeout: 5) == true)
        output.send(WriteJob(bytes: Array("hello".utf8), picture: nil, seq: 1))
        #expect(output.waitIdle(timeout: 5) == true)
        var buf = [UInt8](repeating: 0, count: 16)
        let n = buf.withUnsafeMutableBytes { read(r, $0.baseAddress, $0.count) }
        #expect(Array(buf[0..<max(0, n)]) == Array("hello".utf8))
        output.stop()
    }
}
