import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import TangleBasics

extension StreamServer {
    /// `/stream.mjpg`: every new frame as one multipart part. Each client
    /// waits for "anything after what I sent"; while its socket is slow the
    /// write waits, and when it returns the client takes the newest frame, so
    /// it skips frames instead of queueing them or slowing anyone else.
    func mjpegResponse(head: Bool) throws -> Response {
        var headers: HTTPFields = [
            .contentType: "multipart/x-mixed-replace; boundary=\(EncodedFrame.boundary)",
            .cacheControl: "no-store, no-cache",
            HTTPField.Name("Pragma")!: "no-cache",
            HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        ]
        if head { return Response(status: .ok, headers: headers) }
        guard let slot = acquireClient() else {
            var response = AccessGuard<BasicWebSocketRequestContext>.plain(.serviceUnavailable,
                                                                           "503: too many viewers (\(configuration.maxClients)).\n")
            response.headers[.retryAfter] = "5"
            return response
        }
        headers[.connection] = "close"
        let hub = self.hub
        let statistics = self.statistics
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            statistics.streamClients.add(1, ordering: .relaxed)
            defer {
                statistics.streamClients.subtract(1, ordering: .relaxed)
                withExtendedLifetime(slot) {}
            }
            var version: UInt64 = 0
            var sent: UInt64 = 0
            while let snapshot = await hub.next(after: version) {
                version = snapshot.version
                guard let frame = snapshot.frame, frame.sequence > sent else { continue }
                if sent != 0, frame.sequence > sent + 1 {
                    statistics.framesSkipped.add(Int(frame.sequence - sent - 1), ordering: .relaxed)
                }
                try await writer.write(frame.part)
                sent = frame.sequence
                statistics.partsSent.add(1, ordering: .relaxed)
            }
            try await writer.finish(nil)
        })
    }

    /// `/ws`: input from one viewer. Messages are handled one at a time, in
    /// order; bad ones are dropped and counted; a flood is cut to the rate
    /// limit. The server also tells the viewer when the source comes and goes.
    func handleInput(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        guard let slot = acquireClient() else {
            try await outbound.close(.unexpectedServerError, reason: "too many viewers")
            return
        }
        statistics.socketClients.add(1, ordering: .relaxed)
        defer {
            statistics.socketClients.subtract(1, ordering: .relaxed)
            withExtendedLifetime(slot) {}
        }
        let client = nextClientID.add(1, ordering: .relaxed).newValue
        let hub = self.hub
        try await outbound.write(.text(stateMessage(type: "hello", hub.current, client: client)))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                // Tell the page when the source changes; end the socket at shutdown.
                var version = hub.current.version
                var last = hub.current.state
                while let snapshot = await hub.next(after: version) {
                    version = snapshot.version
                    if snapshot.state != last {
                        last = snapshot.state
                        try await outbound.write(.text(stateMessage(type: "state", snapshot, client: client)))
                    }
                }
                if !Task.isCancelled { try? await outbound.close(.goingAway, reason: "server stopping") }
            }
            group.addTask { [self] in
                try await readInput(inbound: inbound, outbound: outbound, client: client)
            }
            _ = try await group.next()
            group.cancelAll()
        }
    }

    private func readInput(inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, client: UInt32) async throws {
        var limiter = RateLimiter(rate: configuration.messagesPerSecond, burst: configuration.messageBurst)
        var serial: UInt32 = 0
        var iterator = inbound.messages(maxSize: configuration.maxMessageBytes).makeAsyncIterator()
        while true {
            let message: WebSocketMessage?
            do {
                message = try await iterator.next()
            } catch {
                // An oversized or broken frame, or text that is not UTF-8:
                // count it, and let the error end the connection with its
                // code (1009, 1007, 1002), not a normal close.
                statistics.messagesInvalid.add(1, ordering: .relaxed)
                throw error
            }
            guard let message else { return }
            statistics.messagesReceived.add(1, ordering: .relaxed)
            guard limiter.allow() else {
                statistics.messagesRateLimited.add(1, ordering: .relaxed)
                continue
            }
            guard case .text(let text) = message else {
                statistics.messagesInvalid.add(1, ordering: .relaxed)
                continue
            }
            let now = monotonicNanos()
            switch InputMessage.parse(text, source: client, serial: serial &+ 1, now: now) {
            case .event(let event):
                serial &+= 1
                if event.kind != .pointerMove || !event.buttons.isEmpty, event.kind != .keyUp {
                    hub.noteInteraction(at: now)
                }
                if pump.push(event) {
                    statistics.eventsQueued.add(1, ordering: .relaxed)
                } else {
                    statistics.eventsLost.add(1, ordering: .relaxed)
                }
            case .ping(let t):
                let reply = "{\"type\":\"pong\",\"t\":\(t),\"server\":\(Double(monotonicNanos()) / 1e6)}"
                try await outbound.write(.text(reply))
            case .ignored:
                break
            case .invalid:
                statistics.messagesInvalid.add(1, ordering: .relaxed)
            }
        }
    }

    /// `{"type":"state","state":"live","segment":"…","client":3,"server":ms}`;
    /// `server` is this machine's CLOCK_MONOTONIC in milliseconds, the clock
    /// of the X-Published-At stamps (in ns) on MJPEG parts.
    func stateMessage(type: String, _ snapshot: FrameHub.Snapshot, client: UInt32) -> String {
        let segment = snapshot.segment.filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "/" || $0 == "_" }
        return "{\"type\":\"\(type)\",\"state\":\"\(snapshot.state.rawValue)\",\"segment\":\"\(segment)\","
            + "\"client\":\(client),\"server\":\(Double(monotonicNanos()) / 1e6)}"
    }
}
