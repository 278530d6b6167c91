import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StreamInterface
import Testing
@testable import StreamServer

/// Handler tests without sockets (HummingbirdTesting's router framework).
@Suite(.serialized) struct RouterTests {
    static let endpoints = ["/", "/stream.mjpg", "/frame.jpg", "/ws", "/stats.json", "/healthz", "/nope", "/?token=x"]

    @Test func everyEndpointWantsTheTokenAndSaysNothingElse() async throws {
        var rig = Rig()
        rig.publish()
        rig.server.pump.start()
        defer { rig.server.pump.stop() }
        let app = rig.server.makeApplication()
        let token = rig.token
        try await app.test(.router) { client in
            var bodies = Set<String>()
            for path in Self.endpoints {
                for headers: HTTPFields in [[:], [.cookie: "tangle_token_0=wrong"], [.authorization: "Bearer \(token)x"],
                                            [.cookie: "other=\(token)"]] {
                    try await client.execute(uri: path, method: .get, headers: headers) { response in
                        #expect(response.status == .unauthorized, "\(path) \(headers)")
                        #expect(response.headers[.setCookie] == nil)
                        bodies.insert(String(buffer: response.body))
                    }
                }
                try await client.execute(uri: path, method: .post, body: ByteBuffer(string: "x")) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            // One body for every refusal: it tells nothing about the path or the server.
            #expect(bodies.count == 1)
            #expect(bodies.first?.contains("401") == true)
            #expect(bodies.first?.contains(token) == false)
        }
    }

    @Test func tokenInTheURLOnceThenACookie() async throws {
        let rig = Rig()
        let app = rig.server.makeApplication()
        let token = rig.token
        try await app.test(.router) { client in
            let cookie = try await client.execute(uri: "/?token=\(token)", method: .get) { response -> String in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location] == "/")
                let setCookie = try #require(response.headers[.setCookie])
                #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"))
                return String(setCookie.split(separator: ";")[0])
            }
            #expect(cookie == "tangle_token_0=\(token)")
            try await client.execute(uri: "/", method: .get, headers: [.cookie: "a=b; \(cookie)"]) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<img id=\"view\""))
                #expect(html.contains("/stream.mjpg") && html.contains("/ws"))
                // Self-contained: nothing from another origin.
                #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"))
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            }
            try await client.execute(uri: "/healthz", method: .get, headers: [.authorization: "Bearer \(token)"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("\"status\":\"ok\""))
            }
            try await client.execute(uri: "/healthz?token=\(token)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.setCookie]?.hasPrefix("tangle_token_0=") == true)
            }
        }
    }

    @Test func refusesMethodsBodiesAndLongURIsEvenWithTheToken() async throws {
        let rig = Rig()
        let app = rig.server.makeApplication()
        let auth: HTTPFields = [.authorization: "Bearer \(rig.token)"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/healthz", method: .post, headers: auth) { #expect($0.status == .methodNotAllowed) }
            try await client.execute(uri: "/healthz", method: .delete, headers: auth) { #expect($0.status == .methodNotAllowed) }
            var withBody = auth
            withBody[.contentLength] = "5"
            try await client.execute(uri: "/healthz", method: .get, headers: withBody, body: ByteBuffer(string: "hello")) {
                #expect($0.status == .contentTooLarge)
            }
            try await client.execute(uri: "/healthz?" + String(repeating: "a", count: 3000), method: .get, headers: auth) {
                #expect($0.status == .uriTooLong)
            }
        }
    }

    @Test func frameAndStatsComeFromTheSource() async throws {
        let dir = NSTemporaryDirectory()
        let statusPath = StreamStatusFile.path(forSegment: "/tangle-test-\(getpid())", directory: String(dir.dropLast()))
        defer { unlink(statusPath) }
        var rig = Rig(width: 320, height: 180, statusPath: statusPath)
        let status = rig.scene.status(pid: 77, fps: 30, updatedAt: 1)
        try StreamStatusFile.write(status, to: statusPath)
        rig.publish()
        rig.server.pump.start()
        defer { rig.server.pump.stop() }
        let app = rig.server.makeApplication()
        let auth: HTTPFields = [.authorization: "Bearer \(rig.token)"]
        try await app.test(.router) { client in
            try await client.execute(uri: "/frame.jpg", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "image/jpeg")
                #expect(JPEGInfo([UInt8](buffer: response.body)) == JPEGInfo(width: 320, height: 180, components: 3))
            }
            try await client.execute(uri: "/stats.json", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                let doc = try JSONDecoder().decode(StatsDocument.self, from: Data(buffer: response.body))
                #expect(doc.version == 1)
                #expect(doc.explorer == status)
                #expect(doc.server.source == "live")
                #expect(doc.server.frameWidth == 320 && doc.server.frameHeight == 180)
                #expect(doc.server.counters["framesEncoded"] ?? 0 >= 1)
                #expect(doc.server.counters["unauthorized"] == 0)
            }
        }
    }

    @Test func frameWithoutAnyFrameIs503AfterAShortWait() async throws {
        let rig = Rig()
        let app = rig.server.makeApplication()
        let auth: HTTPFields = [.authorization: "Bearer \(rig.token)"]
        try await app.test(.router) { client in
            let start = ContinuousClock.now
            try await client.execute(uri: "/frame.jpg", method: .get, headers: auth) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test func mjpegPartsAreJPEGsOfTheFrameSize() async throws {
        var rig = Rig(width: 256, height: 144)
        rig.publish()
        rig.server.pump.start()
        defer { rig.server.pump.stop() }
        let app = rig.server.makeApplication()
        let auth: HTTPFields = [.authorization: "Bearer \(rig.token)"]
        let hub = rig.server.hub
        // The stream is endless; closing the hub (as shutdown does) ends it so
        // the router framework can hand back the whole body.
        let closer = Task {
            try? await Task.sleep(for: .milliseconds(400))
            hub.close()
        }
        try await app.test(.router) { client in
            try await client.execute(uri: "/stream.mjpg", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "multipart/x-mixed-replace; boundary=tangleframe")
                let parts = try MultipartParser.parts([UInt8](buffer: response.body))
                #expect(parts.count >= 1)
                for part in parts {
                    #expect(JPEGInfo(part.jpeg) == JPEGInfo(width: 256, height: 144, components: 3))
                    #expect(part.headers["x-frame-quality"] == "full")
                }
            }
        }
        await closer.value
    }
}

/// Splits a whole multipart/x-mixed-replace body into parts.
enum MultipartParser {
    static func parts(_ body: [UInt8]) throws -> [(headers: [String: String], jpeg: [UInt8])] {
        var out: [(headers: [String: String], jpeg: [UInt8])] = []
        var i = 0
        let crlf2: [UInt8] = [13, 10, 13, 10]
        while i < body.count {
            guard let end = find(crlf2, in: body, from: i) else { throw TestFailure("part without a header end") }
            let text = String(decoding: body[i..<end], as: UTF8.self)
            guard text.hasPrefix("--tangleframe\r\n") else { throw TestFailure("part does not start with the boundary") }
            var headers: [String: String] = [:]
            for line in text.components(separatedBy: "\r\n").dropFirst() {
                guard let c = line.firstIndex(of: ":") else { continue }
                headers[line[..<c].lowercased()] = line[line.index(after: c)...].trimmingCharacters(in: .whitespaces)
            }
            guard let length = Int(headers["content-length"] ?? ""), end + 4 + length + 2 <= body.count else {
                throw TestFailure("bad Content-Length")
            }
            out.append((headers, Array(body[(end + 4)..<(end + 4 + length)])))
            i = end + 4 + length + 2
        }
        return out
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0], Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
