import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import Synchronization
import TangleBasics

/// The HTTP side server: one viewer page, an MJPEG stream, the newest frame,
/// a WebSocket for input, statistics and a health check, all behind one
/// access token. See ``run(onListening:)``.
public final class StreamServer: Sendable {
    public let configuration: StreamServerConfiguration
    public let token: AccessToken
    public let hub: FrameHub
    public let statistics: StreamStatistics
    public let pump: FramePump
    let logger: Logger
    let startedAt = monotonicNanos()
    let activeClients = Mutex(0)
    let nextClientID = Atomic<UInt32>(0)
    /// Connections that have not sent a whole request head yet.
    let unauthenticated: UnauthenticatedPool
    private let boundPort = Mutex<Int?>(nil)
    private let exitRequest = ExitSignal()

    /// - Parameters:
    ///   - connector: finds the explorer's frames (FrameBus) or a test source.
    ///   - onSourceChange: told when a source becomes live or goes away.
    public init(configuration: StreamServerConfiguration = .init(), connector: any SourceConnector,
                token: AccessToken = .random(), logger: Logger = Logger(label: "tangle-serve"),
                onSourceChange: @escaping @Sendable (SourceState, String) -> Void = { _, _ in }) {
        self.configuration = configuration
        self.token = token
        self.logger = logger
        let hub = FrameHub()
        let statistics = StreamStatistics()
        self.unauthenticated = UnauthenticatedPool(capacity: configuration.maxUnauthenticated, statistics: statistics)
        self.hub = hub
        self.statistics = statistics
        let exit = exitRequest
        let exitWhenGone = configuration.exitWhenSourceGone
        self.pump = FramePump(connector: connector, hub: hub, statistics: statistics, settings: configuration.pump) { state, name in
            onSourceChange(state, name)
            if state == .gone, exitWhenGone { exit.fire() }
        }
    }

    /// The port actually listened on, once listening (differs from the
    /// configured one when that was 0).
    public var port: Int { boundPort.withLock { $0 } ?? configuration.port }

    /// The cookie that carries the token; per port, since browsers share
    /// cookies between ports of one host.
    var cookieName: String { "tangle_token_\(port)" }

    /// The URL to open, token included.
    public var url: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        return "http://\(host):\(port)/?token=\(token.value)"
    }

    /// Takes one client slot; nil when the server is full.
    func acquireClient() -> ClientSlot? {
        let ok = activeClients.withLock { n -> Bool in
            guard n < configuration.maxClients else { return false }
            n += 1
            return true
        }
        guard ok else {
            statistics.clientsRefused.add(1, ordering: .relaxed)
            return nil
        }
        return ClientSlot { [self] in activeClients.withLock { $0 -= 1 } }
    }

    /// The Hummingbird application: routes, limits, WebSocket upgrade.
    public func makeApplication(onListening: @escaping @Sendable (Int) -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = makeRouter()
        var http1 = HTTP1Channel.Configuration(idleTimeout: TimeAmount.nanoseconds(Int64(nanoseconds(configuration.requestTimeout))))
        http1.httpDecoder = .init(maxHeaderFieldSize: configuration.maxHeaderBytes,
                                  maxHeaderListSize: configuration.maxHeaderBytes,
                                  maxHeaderFieldCount: configuration.maxHeaderCount)
        let ws = WebSocketServerConfiguration(maxFrameSize: configuration.maxMessageBytes,
                                              autoPing: .enabled(timePeriod: .seconds(20)),
                                              closeTimeout: .seconds(1), validateUTF8: true)
        let server = ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: nil,
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.maxConnections + configuration.maxUnauthenticated))
        let webSocketResponder = router.buildResponder()
        let channelConfiguration = HTTP1WebSocketUpgradeChannel.Configuration(http1: http1, ws: ws)
        let limits = ConnectionGate.Limits(
            headDeadline: TimeAmount.nanoseconds(Int64(nanoseconds(configuration.headDeadline))),
            maxHeadBytes: configuration.maxHeadBytes, maxHeaderCount: configuration.maxHeaderCount)
        let pool = unauthenticated
        let sendBuffer = configuration.sendBufferBytes
        let builder = HTTPServerBuilder { responder in
            GatedChannel(
                base: HTTP1WebSocketUpgradeChannel(responder: responder, webSocketResponder: webSocketResponder,
                                                   configuration: channelConfiguration),
                limits: limits, pool: pool, sendBufferBytes: sendBuffer)
        }
        return Application(
            router: router,
            server: builder,
            configuration: server,
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? configuration.port
                boundPort.withLock { $0 = port }
                onListening(port)
            },
            logger: logger)
    }

    /// Runs until SIGINT/SIGTERM (or, with `exitWhenSourceGone`, until the
    /// source goes away). Open streams are ended at shutdown; anything still
    /// stuck is cut after `shutdownGrace`.
    public func run(handleSignals: Bool = true, onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let app = makeApplication(onListening: onListening)
        var config = ServiceGroupConfiguration(
            services: [
                .init(service: app),
                .init(service: PumpService(server: self), successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger)
        config.maximumGracefulShutdownDuration = configuration.shutdownGrace
        try await ServiceGroup(configuration: config).run()
    }

    /// Asks a running server to stop, as SIGTERM does.
    public func requestStop() { exitRequest.fire() }

    var exitSignal: ExitSignal { exitRequest }
}

/// One taken client slot; gives it back when released, whatever happens to
/// the response that holds it.
final class ClientSlot: Sendable {
    private let release: @Sendable () -> Void
    init(release: @escaping @Sendable () -> Void) { self.release = release }
    deinit { release() }
}

/// Starts the frame pump with the server and stops it first at shutdown, so
/// endless streams end before the HTTP server waits for them.
struct PumpService: Service {
    let server: StreamServer

    func run() async throws {
        server.pump.start()
        // Ends on SIGTERM/SIGINT, on requestStop(), when the source goes (if
        // asked to), or when the group is cancelled (the listener failed).
        await withTaskCancellationOrGracefulShutdownHandler {
            await server.exitSignal.wait()
        } onCancelOrGracefulShutdown: {
            server.exitSignal.fire()
        }
        server.hub.close()
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            // stop() joins the pump thread; keep that wait off the task pool.
            Thread.detachNewThread {
                server.pump.stop()
                c.resume()
            }
        }
    }
}

/// A one-shot signal: `wait()` returns once `fire()` was called, before or after.
final class ExitSignal: Sendable {
    private let state = Mutex<(fired: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func fire() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.fired = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.fired { return true }
                s.waiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }
}
