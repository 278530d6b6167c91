import ArgumentParser
import Foundation
import Logging
import StreamInterface
import StreamServer

/// `tangle-serve`: the explorer's picture over HTTP (MJPEG out, WebSocket
/// input), for a browser at the other end of an `ssh -L` tunnel.
///
/// Standard output carries only JSON lines (``ServeAnnouncement``): first
/// `listening` with the URL, token and ssh line, then `source` changes, then
/// `stopped`. Logs go to standard error.
@main
struct TangleServe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tangle-serve",
        abstract: "Share the explorer's live view with a browser (MJPEG out, WebSocket input), safe for ssh -L tunnels.",
        discussion: """
            Listens on 127.0.0.1 unless --bind says otherwise, and requires the random token printed at start \
            (in the URL once, then a cookie). Prints one JSON line per event on stdout; logs go to stderr.
            """)

    @Option(help: "TCP port (0: let the system choose; the chosen one is printed).")
    var port = 8765

    @Option(help: "Address to listen on. Anything but loopback exposes the view to the network (a warning is printed).")
    var bind = "127.0.0.1"

    @Option(help: "FrameBus segment to stream, such as /tangle-1000-4242-r… (default: the newest live one of this user). If it cannot be attached within 2 s, tangle-serve exits 1; it never streams another segment instead.")
    var source: String?

    @Flag(name: [.customLong("exit-when-source-gone"), .customLong("exit-with-source")],
          help: "Exit when the source goes away, instead of waiting for a new one.")
    var exitWithSource = false

    @Option(help: "Viewers (MJPEG streams plus WebSockets) at once.")
    var maxClients = 64

    @Option(help: "JPEG quality of still frames (1-100).")
    var quality = 85

    @Option(help: .hidden)
    var requestTimeout = 10.0

    @Flag(help: .hidden)
    var demoSource = false

    @Option(help: .hidden)
    var demoFps = 30.0

    @Option(help: .hidden)
    var demoSize = "1280x720"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0…65535") }
        guard (1...100).contains(quality) else { throw ValidationError("--quality must be 1…100") }
        guard maxClients >= 1 else { throw ValidationError("--max-clients must be at least 1") }
        guard requestTimeout > 0 else { throw ValidationError("--request-timeout must be positive") }
        if let source, !source.contains("tangle-") {
            throw ValidationError("--source must be a FrameBus segment name such as /tangle-1000-4242")
        }
    }

    func run() async throws {
        // One bucket for every logger: a burst of 20 lines, then 5 a second.
        let bucket = RateLimitedLogHandler.Bucket(rate: 5, burst: 20)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .warning
            return RateLimitedLogHandler(base: handler, bucket: bucket)
        }
        var config = StreamServerConfiguration()
        config.host = bind
        config.port = port
        config.maxClients = maxClients
        config.maxConnections = max(32, maxClients * 2 + 32)
        raiseOpenFileLimit()
        config.exitWhenSourceGone = exitWithSource
        config.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        config.pump.fullQuality = quality
        config.pump.reducedQuality = max(1, min(quality, 55))

        let connector: any SourceConnector
        var demo: DemoRunner?
        if demoSource {
            let parts = demoSize.split(separator: "x").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 8, parts[1] >= 8, parts[0] <= 4096, parts[1] <= 4096 else {
                throw ValidationError("--demo-size must be WIDTHxHEIGHT")
            }
            let runner = DemoRunner(width: parts[0], height: parts[1], fps: demoFps)
            demo = runner
            connector = FixedConnector(runner.source)
        } else {
            if let source {
                // The named segment or nothing: never another explorer's.
                do {
                    _ = try FrameBusConnector.attachNamed(source)
                } catch {
                    FileHandle.standardError.write(Data("tangle-serve: cannot attach --source \(source): \(error)\n".utf8))
                    throw ExitCode(1)
                }
            }
            connector = FrameBusConnector(segment: source)
        }

        let output = AnnouncementOutput()
        let loopback = config.isLoopback
        let server = StreamServer(configuration: config, connector: connector) { state, name in
            output.emit(ServeAnnouncement(event: "source", state: state.rawValue, segment: name,
                                          message: state == .gone ? "the explorer exited" : nil))
        }
        let bindHost = bind
        demo?.start()
        defer { demo?.stop() }
        do {
            try await server.run { port in
                let host = ProcessInfo.processInfo.hostName
                output.emit(ServeAnnouncement(
                    event: "listening", url: server.url, bind: bindHost, port: port, token: server.token.value,
                    ssh: ServeAnnouncement.sshCommand(port: port, user: currentUserName(), host: host, bind: bindHost),
                    warning: loopback ? nil
                        : "listening on \(bindHost), not loopback: anyone who can reach this address and has the token sees and steers the view"))
                if !loopback {
                    FileHandle.standardError.write(Data("tangle-serve: warning: bound to \(bindHost), not 127.0.0.1; the view is reachable from the network (token still required)\n".utf8))
                }
            }
        } catch {
            output.emit(ServeAnnouncement(event: "stopped", message: "\(error)"))
            throw error
        }
        output.emit(ServeAnnouncement(event: "stopped"))
    }
}

/// Writes announcement lines to stdout, whole and flushed, one writer at a
/// time, with "listening" always first: anything earlier waits for it.
final class AnnouncementOutput: @unchecked Sendable {
    // @unchecked: `listening` and `held` are guarded by `lock`.
    private let lock = NSLock()
    private var listening = false
    private var held: [ServeAnnouncement] = []

    func emit(_ announcement: ServeAnnouncement) {
        lock.lock()
        defer { lock.unlock() }
        if announcement.event == "listening" {
            listening = true
            write(announcement)
            for h in held { write(h) }
            held = []
        } else if !listening && announcement.event != "stopped" {
            held.append(announcement)
        } else {
            write(announcement)
        }
    }

    private func write(_ announcement: ServeAnnouncement) {
        FileHandle.standardOutput.write(Data((announcement.jsonLine() + "\n").utf8))
    }
}

/// The login name of this process's user, for the ssh line.
func currentUserName() -> String? {
    if let name = ProcessInfo.processInfo.environment["USER"], !name.isEmpty { return name }
    guard let pw = getpwuid(geteuid()) else { return nil }
    return String(cString: pw.pointee.pw_name)
}

/// Many sockets at once (a flood of idle ones is closed by the server, but
/// each costs a descriptor until then): the soft limit goes up to the hard one.
func raiseOpenFileLimit() {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
    limit.rlim_cur = limit.rlim_max
    _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
}
