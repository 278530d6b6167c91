import Foundation
import FrameBus
import StreamDemo
import Testing
@testable import StreamServer
import TangleBasics

/// Publishes demo frames into a memory source from a thread of its own.
final class FrameFeeder: @unchecked Sendable {
    // @unchecked: `scene` only on the feeder thread; `running` under `lock`.
    let source: MemoryFrameSource
    private var scene: DemoScene
    private let lock = NSLock()
    private var running = true
    private let done = DispatchSemaphore(value: 0)

    init(source: MemoryFrameSource, width: Int, height: Int, interval: Double = 0.02) {
        self.source = source
        scene = DemoScene(width: width, height: height)
        Thread.detachNewThread { [self] in
            var pixels = [UInt8](repeating: 0, count: width * height * 4)
            while isRunning {
                pixels.withUnsafeMutableBytes { scene.render(into: $0, stride: width * 4) }
                source.publish(pixels, width: width, height: height)
                Thread.sleep(forTimeInterval: interval)
            }
            done.signal()
        }
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    func stop() {
        lock.lock()
        let was = running
        running = false
        lock.unlock()
        if was { done.wait() }
    }
}

/// Tests over real loopback sockets.
@Suite(.serialized) struct LiveTests {
    @Test func mjpegPartsAreValidJPEGsOfTheRightSizeInOrder() async throws {
        let rig = Rig()
        let feeder = FrameFeeder(source: rig.source, width: 640, height: 360)
        defer { feeder.stop() }
        let token = rig.token
        try await withLiveServer(rig.server) { port in
            try await onThread {
                let c = try RawClient(port: port)
                c.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                let head = try #require(c.readResponseHead())
                #expect(head.status == 200)
                #expect(head.headers["content-type"] == "multipart/x-mixed-replace; boundary=tangleframe")
                var last: UInt64 = 0
                for _ in 0..<8 {
                    let part = try #require(c.readPart())
                    #expect(JPEGInfo(part.jpeg) == JPEGInfo(width: 640, height: 360, components: 3))
                    let sequence = try #require(UInt64(part.headers["x-frame-sequence"] ?? ""))
                    #expect(sequence > last)
                    last = sequence
                    let published = try #require(UInt64(part.headers["x-published-at"] ?? ""))
                    #expect(published > 0 && published <= monotonicNanos())
                }
            }
        }
    }

    @Test func theTokenIsEnforcedOnEveryEndpointLive() async throws {
        let rig = Rig()
        let feeder = FrameFeeder(source: rig.source, width: 160, height: 90)
        defer { feeder.stop() }
        let token = rig.token
        try await withLiveServer(rig.server) { port in
            try await onThread {
                for path in ["/", "/stream.mjpg", "/frame.jpg", "/stats.json", "/healthz", "/ws", "/missing"] {
                    let c = try RawClient(port: port)
                    c.send("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    let r = try #require(c.readResponse(), "\(path)")
                    #expect(r.status == 401, "\(path)")
                    #expect(!String(decoding: r.body, as: UTF8.self).contains("tangle_token"))
                }
                // A refused upgrade: Hummingbird answers every refused upgrade
                // with an empty 400 and closes; never 101.
                let ws = try RawClient(port: port)
                #expect([400, 401].contains(ws.upgradeToWebSocket(port: port)))
                let wrong = try RawClient(port: port)
                #expect([400, 401].contains(wrong.upgradeToWebSocket(port: port, query: "?token=\(String(token.reversed()))")))
                let good = try RawClient(port: port)
                #expect(good.upgradeToWebSocket(port: port, query: "?token=\(token)") == 101)
                let foreign = try RawClient(port: port)
                #expect(foreign.upgradeToWebSocket(port: port, query: "?token=\(token)",
                                                   headers: "Origin: http://evil.example\r\n") != 101)
            }
        }
    }

    @Test func hostileClientsLeaveTheServerServingOthers() async throws {
        let rig = Rig { $0.requestTimeout = .seconds(1) }
        let feeder = FrameFeeder(source: rig.source, width: 160, height: 90)
        defer { feeder.stop() }
        let token = rig.token
        let stats = rig.server.statistics
        try await withLiveServer(rig.server) { port in
            try await onThread {
                // Slow-loris: heads that never finish.
                var lorises: [RawClient] = []
                for i in 0..<8 {
                    let c = try RawClient(port: port)
                    c.send("GET /healthz?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-\(i): ")
                    lorises.append(c)
                }
                // Malformed request lines and oversized headers.
                let garbage = try RawClient(port: port)
                garbage.send("\u{1}\u{2}NONSENSE /\r\n\r\n\r\n")
                #expect(garbage.waitForClose() || garbage.readResponseHead().map { $0.status >= 400 } == true)
                let huge = try RawClient(port: port)
                huge.send("GET /healthz?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: \(String(repeating: "b", count: 20_000))\r\n\r\n")
                let hugeAnswer = huge.readResponseHead()
                #expect(hugeAnswer == nil || hugeAnswer!.status >= 400)
                let many = try RawClient(port: port)
                many.send("GET /healthz?token=\(token) HTTP/1.1\r\n" + (0..<200).map { "X-H\($0): v\r\n" }.joined() + "\r\n")
                let manyAnswer = many.readResponseHead()
                #expect(manyAnswer == nil || manyAnswer!.status >= 400)
                // Garbage WebSocket frames after a good upgrade.
                let ws = try RawClient(port: port)
                #expect(ws.upgradeToWebSocket(port: port, query: "?token=\(token)") == 101)
                #expect(ws.sendText("not json"))
                #expect(ws.sendText(#"{"type":"move","x":"NaN","y":0}"#))
                ws.send(RawClient.frame(opcode: 2, payload: [0, 1, 2, 3]))
                // Both well-formed but meaningless messages are read and counted
                // before the connection is broken below (a protocol error may
                // discard whatever the server had not yet read).
                let deadline = ContinuousClock.now + .seconds(5)
                while stats.messagesInvalid.load(ordering: .relaxed) < 3, ContinuousClock.now < deadline {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                #expect(stats.messagesInvalid.load(ordering: .relaxed) >= 3)
                ws.send(RawClient.frame(opcode: 1, payload: [0xFF, 0xFE, 0xC0]))  // not UTF-8
                ws.send(RawClient.frame(opcode: 1, payload: Array(repeating: 65, count: 10_000)))  // over the frame limit
                let ws2 = try RawClient(port: port)
                #expect(ws2.upgradeToWebSocket(port: port, query: "?token=\(token)") == 101)
                ws2.send([0x8F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4])  // bad opcode, absurd length
                let ws3 = try RawClient(port: port)
                #expect(ws3.upgradeToWebSocket(port: port, query: "?token=\(token)") == 101)
                ws3.send(RawClient.frame(opcode: 1, payload: Array(#"{"type":"ping","t":1}"#.utf8), mask: false))  // unmasked

                // Meanwhile everyone else is served, quickly.
                for _ in 0..<3 {
                    let ok = try RawClient(port: port)
                    ok.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n\r\n")
                    #expect(ok.readResponse()?.status == 200)
                    let stream = try RawClient(port: port)
                    stream.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    #expect(stream.readResponseHead()?.status == 200)
                    #expect(stream.readPart().flatMap { JPEGInfo($0.jpeg) }?.width == 160)
                }
                // The slow-loris connections are cut after the request timeout.
                for c in lorises { #expect(c.waitForClose()) }
            }
            #expect(stats.messagesInvalid.load(ordering: .relaxed) >= 3)
        }
    }

    @Test func eventsSentOverTheSocketArriveInTheFrameBusQueueInOrder() async throws {
        let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: 320, maxHeight: 180, eventCapacity: 1024),
                                      channel: UInt32.random(in: 1000...999_999))
        defer { bus.close() }
        let segment = try #require(bus.name?.description)
        var scene = DemoScene(width: 320, height: 180)
        try bus.frames.withNextSlot(width: 320, height: 180) { scene.render(into: $0, stride: 1280) }
        var config = StreamServerConfiguration()
        config.port = 0
        let server = StreamServer(configuration: config, connector: FrameBusConnector(segment: segment))
        let token = server.token.value
        let count = 150
        try await withLiveServer(server) { port in
            #expect(await eventually { server.pump.sourceName == segment })
            try await onThread {
                let ws = try RawClient(port: port)
                #expect(ws.upgradeToWebSocket(port: port, query: "?token=\(token)") == 101)
                #expect(ws.readText(containing: "\"hello\"")?.contains(segment) == true)
                for i in 0..<count {
                    #expect(ws.sendText(#"{"type":"move","x":\#(Double(i) / Double(count)),"y":0.5,"buttons":1,"mods":1}"#))
                }
                #expect(ws.sendText(#"{"type":"down","x":0.5,"y":0.5,"button":0,"count":2,"mods":6}"#))
                #expect(ws.sendText(#"{"type":"wheel","x":0.5,"y":0.5,"dy":-3}"#))
                #expect(ws.sendText(#"{"type":"keydown","key":"ArrowUp","mods":8}"#))
                #expect(ws.sendText(#"{"type":"up","x":0.5,"y":0.5,"button":0}"#))
                #expect(ws.sendText(#"{"type":"ping","t":7}"#))
                #expect(ws.readText(containing: "\"pong\"") != nil)
            }
            let received = await drainEvents(bus, atLeast: count + 4)
            #expect(received.count == count + 4)
            #expect(received.map(\.serial) == Array(1...UInt32(count + 4)))
            for (i, e) in received.prefix(count).enumerated() {
                #expect(e.kind == .pointerMove && e.buttons == .primary && e.modifiers == .shift)
                #expect(abs(Double(e.x) - Double(i) / Double(count)) < 1e-6)
            }
            let tail = Array(received.suffix(4))
            #expect(tail.map(\.kind) == [.pointerDown, .wheel, .keyDown, .pointerUp])
            #expect(tail[0].keyCode == 2 && tail[0].modifiers == [.control, .alt])
            #expect(tail[1].wheelY == -3)
            #expect(tail[2].keyCode == 0xF700 && tail[2].modifiers == .meta)
        }
        // The server only attached: the segment is still there after it stopped.
        #expect(FileManager.default.fileExists(atPath: "/dev/shm" + segment))
        #expect(bus.writerStatus == .live)
    }

    @Test func shutdownTakesUnderASecondWithEndlessAndStalledStreams() async throws {
        let rig = Rig()
        let feeder = FrameFeeder(source: rig.source, width: 1280, height: 720, interval: 0.01)
        defer { feeder.stop() }
        let token = rig.token
        let server = rig.server
        let port = AsyncStream<Int>.makeStream()
        let running = Task {
            try await server.run(handleSignals: false) { p in
                port.continuation.yield(p)
                port.continuation.finish()
            }
        }
        var iterator = port.stream.makeAsyncIterator()
        let p = try #require(await iterator.next())
        let clients = try await onThread { () -> [RawClient] in
            var clients: [RawClient] = []
            for i in 0..<4 {
                let c = try RawClient(port: p)
                if i == 0 { c.shrinkReceiveBuffer() }
                c.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                clients.append(c)
            }
            for c in clients.dropFirst() { _ = c.readPart() }
            return clients
        }
        // Let the stalled client (never reads, tiny buffer) fill up.
        try await Task.sleep(for: .seconds(1.5))
        #expect(server.statistics.streamClients.load(ordering: .relaxed) == 4)
        let start = ContinuousClock.now
        server.requestStop()
        try await running.value
        let took = ContinuousClock.now - start
        #expect(took < .seconds(1), "shutdown took \(took)")
        let ended = try await onThread { clients.dropFirst().allSatisfy { $0.waitForClose() } }
        #expect(ended)
    }

    @Test func slowClientsSkipFramesAndStalledOnesDoNotSlowOthers() async throws {
        let rig = Rig()
        let feeder = FrameFeeder(source: rig.source, width: 1280, height: 720, interval: 0.01)
        defer { feeder.stop() }
        let token = rig.token
        let stats = rig.server.statistics
        try await withLiveServer(rig.server) { port in
            let (gaps, received, span) = try await onThread { () -> (Int, Int, Double) in
                // One viewer that never reads at all.
                let stalled = try RawClient(port: port, receiveBuffer: 2048)
                stalled.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                // One that reads ten parts a second: newest wins, so it sees gaps.
                let slow = try RawClient(port: port, receiveBuffer: 2048)
                slow.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                _ = slow.readResponseHead()
                var last: UInt64 = 0
                var gaps = 0
                for _ in 0..<30 {
                    guard let part = slow.readPart(), let s = UInt64(part.headers["x-frame-sequence"] ?? "") else { break }
                    if last != 0, s > last + 1 { gaps += 1 }
                    last = s
                    Thread.sleep(forTimeInterval: 0.1)
                }
                // One that reads as fast as it can, meanwhile.
                let reader = try RawClient(port: port)
                reader.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                _ = reader.readResponseHead()
                let t0 = Date()
                var n = 0
                while Date().timeIntervalSince(t0) < 2, reader.readPart() != nil { n += 1 }
                withExtendedLifetime(stalled) {}
                return (gaps, n, Date().timeIntervalSince(t0))
            }
            #expect(gaps > 0)
            #expect(stats.framesSkipped.load(ordering: .relaxed) > 0)
            // The feeder offers up to 100 frames a second; a debug build on a busy
            // 2-core machine encodes fewer, but the fast reader gets them at full pace.
            #expect(Double(received) / span >= 15, "reader got \(received) frames in \(span) s")
        }
    }

    @Test func theSourceGoingAwayIsToldAndCanEndTheServer() async throws {
        let rig = Rig { $0.exitWhenSourceGone = true }
        let feeder = FrameFeeder(source: rig.source, width: 160, height: 90)
        let token = rig.token
        let server = rig.server
        let port = AsyncStream<Int>.makeStream()
        let running = Task {
            try await server.run(handleSignals: false) { p in
                port.continuation.yield(p)
                port.continuation.finish()
            }
        }
        var iterator = port.stream.makeAsyncIterator()
        let p = try #require(await iterator.next())
        #expect(await eventually { server.hub.current.state == .live })
        let ws = try await onThread { () -> RawClient in
            let ws = try RawClient(port: p)
            _ = ws.upgradeToWebSocket(port: p, query: "?token=\(token)")
            _ = ws.readText(containing: "hello")
            return ws
        }
        feeder.stop()
        rig.source.close()
        let said = try await onThread { ws.readText(containing: "\"gone\"") }
        #expect(said?.contains("\"state\"") == true)
        let start = ContinuousClock.now
        try await running.value
        #expect(ContinuousClock.now - start < .seconds(2))
    }

    @Test func tooManyViewersGet503() async throws {
        let rig = Rig { $0.maxClients = 2 }
        let feeder = FrameFeeder(source: rig.source, width: 160, height: 90)
        defer { feeder.stop() }
        let token = rig.token
        try await withLiveServer(rig.server) { port in
            try await onThread {
                let a = try RawClient(port: port), b = try RawClient(port: port), c = try RawClient(port: port)
                for x in [a, b] {
                    x.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    #expect(x.readResponseHead()?.status == 200)
                }
                c.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                #expect(c.readResponseHead()?.status == 503)
                let ws = try RawClient(port: port)
                _ = ws.upgradeToWebSocket(port: port, query: "?token=\(token)")
                #expect(ws.readFrame()?.opcode == 8)  // closed at once: full
            }
        }
    }

    @Test func framesAreReducedWhileDraggingAndFullWhenStill() async throws {
        let rig = Rig()
        let feeder = FrameFeeder(source: rig.source, width: 1280, height: 720, interval: 0.03)
        let token = rig.token
        try await withLiveServer(rig.server) { port in
            try await onThread {
                let ws = try RawClient(port: port)
                #expect(ws.upgradeToWebSocket(port: port, query: "?token=\(token)") == 101)
                let stream = try RawClient(port: port)
                stream.send("GET /stream.mjpg?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                _ = stream.readResponseHead()
                var sawReduced = false
                var i = 0
                while i < 60, !sawReduced {
                    i += 1
                    _ = ws.sendText(#"{"type":"move","x":\#(0.3 + Double(i) / 200),"y":0.5,"buttons":1}"#)
                    guard let part = stream.readPart() else { break }
                    if part.headers["x-frame-quality"] == "reduced" {
                        sawReduced = JPEGInfo(part.jpeg)?.width == 640
                    }
                }
                #expect(sawReduced)
                feeder.stop()
                // Still now: the last frame follows at full quality and size.
                var sawFull = false
                var tries = 0
                while tries < 20, !sawFull {
                    tries += 1
                    guard let part = stream.readPart() else { break }
                    sawFull = part.headers["x-frame-quality"] == "full" && JPEGInfo(part.jpeg)?.width == 1280
                }
                #expect(sawFull)
            }
            #expect(rig.server.statistics.refinements.load(ordering: .relaxed) >= 1)
        }
        feeder.stop()
    }
}

/// Takes events from the bus until there are `count` or 5 s pass.
func drainEvents(_ bus: FrameBus, atLeast count: Int) async -> [InteractionEvent] {
    var received: [InteractionEvent] = []
    let deadline = ContinuousClock.now + .seconds(5)
    while received.count < count, ContinuousClock.now < deadline {
        received += bus.events.drain()
        try? await Task.sleep(for: .milliseconds(10))
    }
    return received
}
