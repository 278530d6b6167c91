import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import StreamInterface
import TangleBasics

extension StreamServer {
    /// Every route, behind the access guard. Usable without a socket
    /// (HummingbirdTesting's router framework) as well as live.
    public func makeRouter() -> Router<BasicWebSocketRequestContext> {
        let router = Router(context: BasicWebSocketRequestContext.self)
        router.add(middleware: AccessGuard(token: token, cookieName: { [self] in cookieName }, statistics: statistics,
                                           maxURILength: configuration.maxURILength))
        router.get("/") { _, _ in
            var headers = Self.securityHeaders
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ViewerPage.html)))
        }
        router.get("/healthz") { [self] _, _ in
            let snapshot = hub.current
            let body = "{\"status\":\"ok\",\"source\":\"\(snapshot.state.rawValue)\"}\n"
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: body)))
        }
        router.get("/stats.json") { [self] _, _ in
            let data = try statsDocument().encoded()
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/frame.jpg") { [self] _, _ in
            guard let frame = await newestFrame(within: .seconds(2)) else {
                var response = AccessGuard<BasicWebSocketRequestContext>.plain(.serviceUnavailable,
                                                                               "503: no frame yet; the explorer has not drawn one.\n")
                response.headers[.retryAfter] = "1"
                return response
            }
            var headers: HTTPFields = [.contentType: "image/jpeg"]
            headers[HTTPField.Name("X-Frame-Sequence")!] = String(frame.sequence)
            headers[HTTPField.Name("X-Published-At")!] = String(frame.publishedAt)
            headers[HTTPField.Name("X-Frame-Size")!] = "\(frame.width)x\(frame.height)"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: frame.jpeg))
        }
        router.get("/stream.mjpg") { [self] request, _ in
            try mjpegResponse(head: request.method == .head)
        }
        router.head("/stream.mjpg") { [self] _, _ in
            try mjpegResponse(head: true)
        }
        router.ws("/ws") { [self] request, _ in
            sameOrigin(request) ? .upgrade([:]) : .dontUpgrade
        } onUpgrade: { [self] inbound, outbound, _ in
            try await handleInput(inbound: inbound, outbound: outbound)
        }
        return router
    }

    /// Headers for the page: nothing from elsewhere, no framing, no referrer.
    static var securityHeaders: HTTPFields {
        [
            HTTPField.Name("Content-Security-Policy")!:
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
            HTTPField.Name("Referrer-Policy")!: "no-referrer",
            HTTPField.Name("X-Frame-Options")!: "DENY",
        ]
    }

    /// A browser's WebSocket carries an Origin; it must be this server
    /// (scripts without one pass on the token alone).
    func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin] else { return true }
        guard let host = request.head.authority ?? request.headers[HTTPField.Name("Host")!] else { return false }
        return origin == "http://\(host)"
    }

    /// The newest frame, waiting up to `timeout` for a first one. With
    /// nobody streaming, the pump encodes on demand: a frame newer than the
    /// one in hand is waited for (briefly) when the source has one.
    func newestFrame(within timeout: Duration) async -> EncodedFrame? {
        hub.noteDemand()
        if let frame = hub.current.frame {
            guard pump.hasUnencodedFrame else { return frame }
            return await nextFrame(after: frame.sequence, within: .milliseconds(500)) ?? frame
        }
        return await nextFrame(after: 0, within: timeout)
    }

    private func nextFrame(after sequence: UInt64, within timeout: Duration) async -> EncodedFrame? {
        return await withTaskGroup(of: EncodedFrame?.self) { group in
            group.addTask { [hub] in
                var version: UInt64 = 0
                while let snapshot = await hub.next(after: version) {
                    if let frame = snapshot.frame, frame.sequence > sequence { return frame }
                    version = snapshot.version
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// The statistics document: the server's counters and the explorer's status.
    func statsDocument() -> StatsDocument {
        let snapshot = hub.current
        var explorer: StreamStatus?
        var explorerError: String?
        if let path = pump.statusPath {
            do { explorer = try StreamStatusFile.read(from: path) } catch { explorerError = "\(error)" }
        }
        let frame = snapshot.frame
        return StatsDocument(
            server: .init(source: snapshot.state.rawValue, segment: snapshot.segment,
                          uptimeSeconds: Double(monotonicNanos() &- startedAt) / 1e9,
                          frameSequence: frame?.sequence ?? 0, sourceFrame: frame?.sourceFrame ?? 0,
                          frameWidth: frame?.width ?? 0, frameHeight: frame?.height ?? 0,
                          maxClients: configuration.maxClients, counters: statistics.dictionary()),
            explorer: explorer, explorerError: explorerError)
    }
}

/// What `/stats.json` returns.
public struct StatsDocument: Codable, Sendable {
    public struct Server: Codable, Sendable {
        public var source: String
        public var segment: String
        public var uptimeSeconds: Double
        public var frameSequence: UInt64
        public var sourceFrame: UInt64
        public var frameWidth: Int
        public var frameHeight: Int
        public var maxClients: Int
        public var counters: [String: Int]
    }

    public var version = 1
    public var server: Server
    /// What the explorer last wrote about itself; nil when it wrote nothing (yet).
    public var explorer: StreamStatus?
    /// Why the explorer's status could not be read, if it could not.
    public var explorerError: String?

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }
}
