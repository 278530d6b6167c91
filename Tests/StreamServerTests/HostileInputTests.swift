// Attacks on the side server (issue 16): a status file planted by another
// user, a FIFO in its place, request heads too big or malformed, and a pool
// of unauthenticated connections that must never fill up.
import Foundation
import StreamInterface
import Testing
@testable import StreamServer

@Suite struct StatusFileTrustTests {
    static func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "tangle-status-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        chmod(dir, 0o1777)  // sticky and world-writable, as /dev/shm
        return dir
    }

    static let forged = #"{"camera":{"centerX":0,"centerY":0,"pitch":0,"yaw":0,"zoom":1},"fps":1,"graph":{"directed":false,"edges":1,"name":"FORGED","nodes":2},"layout":{"algorithm":"x","iteration":1,"running":false},"pid":1,"updatedAt":0,"version":1}"#

    static func status() -> StreamStatus {
        StreamStatus(pid: getpid(), graph: .init(name: "real", nodes: 3, edges: 2),
                     layout: .init(algorithm: "forceatlas2", iteration: 5, running: true),
                     camera: .init(centerX: 0, centerY: 0, zoom: 1), fps: 20, updatedAt: 1_700_000_000.5)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root to act as another user with setpriv"))
    func aStatusFilePreCreatedByAnotherUserIsRefusedAndNotReplaced() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = StreamStatusFile.path(forSegment: "/tangle-\(geteuid())-4242-r00000000000000aa", directory: dir)
        // uid 65534 plants a forged document where the explorer will write.
        let planter = Process()
        planter.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
        planter.arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", "/bin/sh", "-c", "printf '%s' \"$DOC\" > \"$TARGET\""]
        planter.environment = ["DOC": Self.forged, "TARGET": path, "PATH": "/usr/bin:/bin"]
        try planter.run()
        planter.waitUntilExit()
        var st = stat()
        try #require(stat(path, &st) == 0 && st.st_uid == 65534)

        let readError = try #require(throws: StreamStatusError.self) { try StreamStatusFile.read(from: path) }
        #expect(readError.description.contains("owned by uid 65534"))
        let writeError = try #require(throws: StreamStatusError.self) { try StreamStatusFile.write(Self.status(), to: path) }
        #expect(writeError.description.contains("not replaced"))
        // Still theirs, untouched; no temporary left behind.
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.forged)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).count == 1)
    }

    @Test func aFIFOOrALinkInPlaceOfTheStatusFileIsRefusedAtOnce() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/tangle-1-2.json"
        #expect(mkfifo(path, 0o600) == 0)
        let start = Date()
        let fifoError = try #require(throws: StreamStatusError.self) { try StreamStatusFile.read(from: path) }
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(fifoError.description.contains("not a regular file"))
        #expect(throws: StreamStatusError.self) { try StreamStatusFile.write(Self.status(), to: path) }
        unlink(path)

        let target = dir + "/elsewhere.json"
        try Data(Self.forged.utf8).write(to: URL(fileURLWithPath: target))
        #expect(symlink(target, path) == 0)
        let linkError = try #require(throws: StreamStatusError.self) { try StreamStatusFile.read(from: path) }
        #expect(linkError.description.contains("symbolic link"))
        #expect(throws: StreamStatusError.self) { try StreamStatusFile.write(Self.status(), to: path) }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == Self.forged)
    }

    @Test func theOwnersFileIsWrittenPrivateAndReadBack() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/tangle-1-2.json"
        try StreamStatusFile.write(Self.status(), to: path)
        try StreamStatusFile.write(Self.status(), to: path)
        var st = stat()
        #expect(lstat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(try StreamStatusFile.read(from: path) == Self.status())
    }
}

@Suite struct HeadScannerTests {
    let limits = ConnectionGate.Limits(headDeadline: .seconds(2), maxHeadBytes: 1024, maxHeaderCount: 8)

    func verdict(_ text: String, in pieces: Int = 1) -> HeadScanner.Verdict {
        var scanner = HeadScanner()
        let bytes = Array(text.utf8)
        let size = max(1, (bytes.count + pieces - 1) / pieces)
        var last = HeadScanner.Verdict.more
        for start in stride(from: 0, to: bytes.count, by: size) {
            last = bytes[start..<min(bytes.count, start + size)].withUnsafeBytes { scanner.feed($0, limits: limits) }
            if last != .more { return last }
        }
        return last
    }

    @Test func wholeHeadsPassInOneReadOrByteByByte() {
        let head = "GET /healthz?token=x HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: a=b\r\n\r\n"
        #expect(verdict(head) == .complete)
        #expect(verdict(head, in: head.utf8.count) == .complete)
        #expect(verdict("GET / HTTP/1.1\r\nHost: a\r\n") == .more)
    }

    @Test func oversizedHeadsAreTooLarge() {
        #expect(verdict("GET / HTTP/1.1\r\nX: " + String(repeating: "b", count: 2000) + "\r\n\r\n") == .tooLarge)
        let many = (0..<20).map { "X-\($0): y\r\n" }.joined()
        #expect(verdict("GET / HTTP/1.1\r\n" + many + "\r\n") == .tooLarge)
    }

    @Test func malformedHeadsAreMalformed() {
        #expect(verdict("\u{1}\u{2}NONSENSE /\r\n\r\n") == .malformed)
        #expect(verdict("GET /\r\n\r\n") == .malformed)
        #expect(verdict("GET / HTTP/1.1\r\nX: a\u{1B}b\r\n\r\n") == .malformed)
        #expect(verdict("G(T / HTTP/1.1\r\n\r\n") == .malformed)
        #expect(verdict("GET / HTTP/1.1\rX: y\r\n\r\n") == .malformed)
    }
}

@Suite struct UnauthenticatedPoolTests {
    final class Closed: @unchecked Sendable {
        let lock = NSLock()
        var ids: [Int] = []
        func add(_ id: Int) { lock.lock(); ids.append(id); lock.unlock() }
    }

    @Test func aFullPoolClosesItsOldestToAdmitTheNewest() {
        let pool = UnauthenticatedPool(capacity: 3)
        let closed = Closed()
        var tickets: [UInt64] = []
        for i in 0..<5 { tickets.append(pool.admit { closed.add(i) }) }
        #expect(closed.ids == [0, 1])
        #expect(pool.count == 3)
        pool.leave(tickets[3])
        #expect(pool.count == 2)
        _ = pool.admit { closed.add(5) }
        #expect(closed.ids == [0, 1])
    }
}

@Suite struct IdleEncodingTests {
    @Test func framesWithNobodyWatchingAreNotEncodedUntilOneIsAskedFor() async throws {
        let source = MemoryFrameSource(name: "idle-test")
        let hub = FrameHub()
        let statistics = StreamStatistics()
        let pump = FramePump(connector: FixedConnector(source), hub: hub, statistics: statistics)
        pump.start()
        defer { pump.stop() }
        let pixels = [UInt8](repeating: 90, count: 32 * 24 * 4)
        func waitFor(_ what: () -> Bool) async throws {
            for _ in 0..<200 where !what() { try await Task.sleep(for: .milliseconds(10)) }
        }
        _ = source.publish(pixels, width: 32, height: 24)
        try await waitFor { statistics.framesEncoded.load(ordering: .relaxed) == 1 }
        #expect(statistics.framesEncoded.load(ordering: .relaxed) == 1)   // the first frame always
        for _ in 0..<20 {
            _ = source.publish(pixels, width: 32, height: 24)
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(statistics.framesEncoded.load(ordering: .relaxed) == 1)   // nobody watched: nothing encoded
        #expect(pump.hasUnencodedFrame)
        // A viewer asks for one frame: the newest is encoded.
        hub.noteDemand()
        try await waitFor { statistics.framesEncoded.load(ordering: .relaxed) == 2 }
        #expect(statistics.framesEncoded.load(ordering: .relaxed) == 2)
        #expect(hub.current.frame?.sourceFrame == 21)
        #expect(!pump.hasUnencodedFrame)
        // A streaming viewer: every frame again.
        statistics.streamClients.add(1, ordering: .relaxed)
        _ = source.publish(pixels, width: 32, height: 24)
        try await waitFor { statistics.framesEncoded.load(ordering: .relaxed) == 3 }
        #expect(statistics.framesEncoded.load(ordering: .relaxed) == 3)
    }
}
