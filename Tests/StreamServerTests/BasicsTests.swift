import Foundation
import Hummingbird
import StreamInterface
import Testing
@testable import StreamServer

@Suite struct AccessTokenTests {
    @Test func tokensAreLongRandomAndHex() {
        let a = AccessToken.random(), b = AccessToken.random()
        #expect(a != b)
        #expect(a.value.count == 64)
        #expect(a.value.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(!a.description.contains(a.value))
    }

    @Test func matchingIsExact() {
        let t = AccessToken(value: "abc123")
        #expect(t.matches("abc123"))
        #expect(!t.matches("abc124"))
        #expect(!t.matches("abc12"))
        #expect(!t.matches(""))
        #expect(!AccessToken(value: "").matches(""))
    }
}

@Suite struct JPEGEncoderTests {
    func gradient(width: Int, height: Int) -> [UInt8] {
        var p = [UInt8](repeating: 255, count: width * height * 4)
        for y in 0..<height {
            for x in 0..<width {
                let o = (y * width + x) * 4
                p[o] = UInt8(x * 255 / max(1, width - 1)); p[o + 1] = UInt8(y * 255 / max(1, height - 1)); p[o + 2] = 90
            }
        }
        return p
    }

    @Test func encodesAValidJPEGOfTheFrameSize() throws {
        let encoder = try JPEGEncoder()
        let pixels = gradient(width: 320, height: 200)
        let info = SourceFrameInfo(frameNumber: 1, width: 320, height: 200, stride: 1280, format: .rgba8, publishedAt: 0)
        let jpeg = try pixels.withUnsafeBytes { try encoder.encode($0, info: info, quality: 85) { bytes, _, _ in [UInt8](bytes) } }
        #expect(JPEGInfo(jpeg) == JPEGInfo(width: 320, height: 200, components: 3))
        let half = try pixels.withUnsafeBytes {
            try encoder.encode($0, info: info, quality: 50, halfSize: true) { bytes, w, h in ([UInt8](bytes), w, h) }
        }
        #expect(half.1 == 160 && half.2 == 100)
        #expect(JPEGInfo(half.0)?.width == 160 && JPEGInfo(half.0)?.height == 100)
        #expect(half.0.count < jpeg.count)
    }

    @Test func honoursStrideAndRefusesShortBuffers() throws {
        let encoder = try JPEGEncoder()
        let info = SourceFrameInfo(frameNumber: 1, width: 10, height: 10, stride: 64, format: .bgra8, publishedAt: 0)
        let ok = [UInt8](repeating: 128, count: 640)
        let jpeg = try ok.withUnsafeBytes { try encoder.encode($0, info: info, quality: 80) { b, _, _ in [UInt8](b) } }
        #expect(JPEGInfo(jpeg)?.width == 10)
        let short = [UInt8](repeating: 0, count: 100)
        #expect(throws: StreamServerError.self) {
            try short.withUnsafeBytes { try encoder.encode($0, info: info, quality: 80) { _, _, _ in () } }
        }
    }
}

@Suite struct FrameHubTests {
    func frame(_ n: UInt64) -> EncodedFrame {
        EncodedFrame(sequence: n, sourceFrame: n, publishedAt: 0, encodedAt: 0, width: 1, height: 1, sourceWidth: 1,
                     sourceHeight: 1, reduced: false, jpeg: ByteBuffer(bytes: [1, 2, 3]))
    }

    @Test func waitersWakeOnPublishAndSeeOnlyTheNewest() async {
        let hub = FrameHub()
        async let woken = hub.next(after: 0)
        try? await Task.sleep(for: .milliseconds(20))
        hub.publish(frame(1))
        let first = await woken
        #expect(first?.frame?.sequence == 1)
        hub.publish(frame(2))
        hub.publish(frame(3))
        // A slow reader asking again gets the newest, not the ones in between.
        let later = await hub.next(after: first?.version ?? 0)
        #expect(later?.frame?.sequence == 3)
    }

    @Test func closeEndsWaitsNowAndLater() async {
        let hub = FrameHub()
        async let waiting = hub.next(after: 0)
        try? await Task.sleep(for: .milliseconds(20))
        hub.close()
        #expect(await waiting == nil)
        #expect(await hub.next(after: 0) == nil)
        #expect(hub.current.state == .stopped)
    }

    @Test func cancellingAWaiterReturnsNil() async {
        let hub = FrameHub()
        let task = Task { await hub.next(after: 0) }
        try? await Task.sleep(for: .milliseconds(20))
        task.cancel()
        #expect(await task.value == nil)
    }

    @Test func stateChangesWakeWaiters() async {
        let hub = FrameHub()
        async let woken = hub.next(after: 0)
        try? await Task.sleep(for: .milliseconds(20))
        hub.setSource(.gone, segment: "/tangle-1-2")
        let s = await woken
        #expect(s?.state == .gone && s?.segment == "/tangle-1-2")
    }
}

@Suite struct InterfaceTests {
    @Test func statusRoundTripsAtomicallyAndRefusesOtherVersions() throws {
        let dir = NSTemporaryDirectory() + "tangle-status-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = StreamStatusFile.path(forSegment: "/tangle-1000-42", directory: dir)
        #expect(path == dir + "/tangle-1000-42.json")
        #expect(try StreamStatusFile.read(from: path) == nil)
        let status = StreamStatus(pid: 42, graph: .init(name: "karate", nodes: 34, edges: 78),
                                  layout: .init(algorithm: "forceatlas2", iteration: 10, running: true),
                                  camera: .init(centerX: 1, centerY: 2, zoom: 3), fps: 30, updatedAt: 5)
        try StreamStatusFile.write(status, to: path)
        #expect(try StreamStatusFile.read(from: path) == status)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try Data(#"{"version":99}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StreamStatusError.self) { try StreamStatusFile.read(from: path) }
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StreamStatusError.self) { try StreamStatusFile.read(from: path) }
        try Data(repeating: 32, count: StreamStatusFile.maxBytes + 10).write(to: URL(fileURLWithPath: path))
        #expect(throws: StreamStatusError.self) { try StreamStatusFile.read(from: path) }
    }

    @Test func announcementIsOneParseableLine() throws {
        let a = ServeAnnouncement(event: "listening", pid: 9, url: "http://127.0.0.1:8765/?token=ab", bind: "127.0.0.1",
                                  port: 8765, token: "ab", ssh: ServeAnnouncement.sshCommand(port: 8765, user: "ann", host: "box"))
        let line = a.jsonLine()
        #expect(!line.contains("\n"))
        #expect(line.contains("http://127.0.0.1:8765/?token=ab"))
        #expect(ServeAnnouncement.parse(line: line) == a)
        #expect(a.ssh == "ssh -L 8765:127.0.0.1:8765 ann@box")
        #expect(ServeAnnouncement.sshCommand(port: 1, user: nil, host: nil) == "ssh -L 1:127.0.0.1:1 user@host")
    }

    @Test func webKeysNeverCollideWithPrintableScalars() {
        #expect(Set(WebKey.allCases.map(\.rawValue)).count == WebKey.allCases.count)
        #expect(WebKey(domName: "F12") == .f12)
        #expect(WebKey(domName: "F13") == nil)
        #expect(WebKey.code(forDOMKey: "\u{7}") == nil)
    }
}

@Suite struct ConfigurationTests {
    @Test func onlyLoopbackCountsAsLoopback() {
        var c = StreamServerConfiguration()
        #expect(c.host == "127.0.0.1" && c.isLoopback)
        for host in ["127.0.0.2", "::1", "localhost"] {
            c.host = host
            #expect(c.isLoopback, "\(host)")
        }
        for host in ["0.0.0.0", "::", "192.168.1.5", "10.0.0.1", "example.org", "1270.0.0.1"] {
            c.host = host
            #expect(!c.isLoopback, "\(host)")
        }
    }
}
