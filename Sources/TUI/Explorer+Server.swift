import Foundation
import FrameBus
import StreamInterface

extension Explorer {
    /// `s`: starts or stops the browser side server on this explorer's segment.
    func toggleServer() {
        if let s = server, s.isRunning {
            s.stop()
            server = nil
            say("stream stopped")
            return
        }
        guard let bus, let name = bus.name else {
            say("cannot share: no shared-memory segment (\(busError ?? "disabled"))", seconds: 8)
            return
        }
        guard let exe = ServerProcess.executable() else {
            say("cannot share: tangle-serve is not built (make serve)", seconds: 8)
            return
        }
        do {
            let wakeFD = wakeWrite
            server = try ServerProcess(executable: exe, segment: name.description, port: options.servePort,
                                       bind: options.serveBind, wake: { var b: UInt8 = 1; _ = write(wakeFD, &b, 1) })
            say("starting the side server…")
        } catch {
            say("cannot start tangle-serve: \(error)", seconds: 8)
        }
    }

    /// The status line's part about sharing.
    var serverStatusText: String {
        guard let server else { return bus == nil ? "share: off" : "s share" }
        if let ended = server.endedMessage { return ended }
        guard server.listening?.url != nil else { return "share: starting" }
        return "share: on (s stops)"
    }

    /// The two full-width lines while sharing: the URL with its token, and
    /// the exact ssh line to run where the browser is (never cut short).
    func drawFooter(_ buffer: inout ScreenBuffer) {
        let r = layout.footer
        guard r.height >= 2, let a = server?.listening, let url = a.url else { return }
        var x = buffer.text("share ", x: 0, y: r.y, style: .title)
        buffer.text(url, x: x, y: r.y, style: .accent)
        x = buffer.text("tunnel ", x: 0, y: r.y + 1, style: .title)
        x = buffer.text(a.ssh ?? "", x: x, y: r.y + 1, style: .value)
        if let w = a.warning { buffer.text("  ⚠ " + w, x: x, y: r.y + 1, style: .warning) }
    }

    /// Writes what `/stats.json` shows beside the segment (atomically).
    func writeStreamStatus() {
        guard let bus, let name = bus.name, server != nil else { return }
        let now = ImageWriter.now()
        guard now - lastStatusWrite > 0.25 else { return }
        lastStatusWrite = now
        let snap = lastSnapshot
        let fps = frameTimes.count > 1 ? Double(frameTimes.count - 1) / max(frameTimes.last! - frameTimes.first!, 0.001) : 0
        let pose = camera.goal
        let status = StreamStatus(
            pid: getpid(),
            graph: .init(name: options.source, nodes: graph.nodeCount, edges: graph.edgeCount, directed: graph.isDirected),
            layout: .init(algorithm: snap.algorithm.rawValue, iteration: snap.iteration, running: snap.isRunning),
            camera: .init(centerX: Double(pose.center.x), centerY: Double(pose.center.y), zoom: Double(pose.zoom),
                          yaw: Double(pose.yaw), pitch: Double(pose.pitch)),
            fps: fps, updatedAt: Date().timeIntervalSince1970)
        try? StreamStatusFile.write(status, to: StreamStatusFile.path(forSegment: name.description))
    }
}
