import Foundation
import StreamDemo
import StreamServer

/// A server on a memory source, with a way to publish demo frames.
struct Rig {
    let source: MemoryFrameSource
    let server: StreamServer
    var scene: DemoScene

    init(width: Int = 320, height: Int = 180, statusPath: String? = nil,
         configure: (inout StreamServerConfiguration) -> Void = { _ in }) {
        source = MemoryFrameSource(name: "memory-test", statusPath: statusPath)
        var config = StreamServerConfiguration()
        config.port = 0
        configure(&config)
        server = StreamServer(configuration: config, connector: FixedConnector(source))
        scene = DemoScene(width: width, height: height)
    }

    /// Draws and publishes the next demo frame.
    @discardableResult
    mutating func publish() -> UInt64 {
        var pixels = [UInt8](repeating: 0, count: scene.width * scene.height * 4)
        let stride = scene.width * 4
        pixels.withUnsafeMutableBytes { scene.render(into: $0, stride: stride) }
        return source.publish(pixels, width: scene.width, height: scene.height)
    }

    var token: String { server.token.value }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(5), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

/// Runs `server` on a loopback port for the duration of `body`, then stops it
/// and checks it stopped. Returns what `body` returns.
func withLiveServer<T: Sendable>(_ server: StreamServer, _ body: @Sendable (Int) async throws -> T) async throws -> T {
    let port = AsyncStream<Int>.makeStream()
    let running = Task {
        try await server.run(handleSignals: false) { p in
            port.continuation.yield(p)
            port.continuation.finish()
        }
    }
    var iterator = port.stream.makeAsyncIterator()
    guard let p = await iterator.next() else {
        running.cancel()
        throw TestFailure("server did not start")
    }
    do {
        let result = try await body(p)
        server.requestStop()
        try await running.value
        return result
    } catch {
        server.requestStop()
        _ = try? await running.value
        throw error
    }
}
