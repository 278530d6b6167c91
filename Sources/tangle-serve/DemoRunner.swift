import Foundation
import StreamDemo
import StreamInterface
import StreamServer

/// `--demo-source`: a moving-discs scene inside this process, for trying the
/// server without an explorer. Applies the viewer's input to its camera and
/// writes a status document, as the explorer does.
final class DemoRunner: @unchecked Sendable {
    // @unchecked: `scene` is touched only by the runner thread; `stopped` under `lock`.
    let source: MemoryFrameSource
    private var scene: DemoScene
    private let interval: Double
    private let lock = NSLock()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)
    let statusPath: String

    init(width: Int, height: Int, fps: Double) {
        // A random part, as segment names have: nobody can plant the status file in advance.
        let name = "demo-\(ProcessInfo.processInfo.processIdentifier)-r\(String(UInt64.random(in: 1...UInt64.max), radix: 16))"
        statusPath = StreamStatusFile.path(forSegment: name)
        source = MemoryFrameSource(name: name, statusPath: statusPath)
        scene = DemoScene(width: width, height: height)
        interval = 1 / max(1, min(240, fps))
    }

    func start() {
        Thread.detachNewThread { [self] in
            run()
            done.signal()
        }
    }

    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        done.wait()
        source.close()
        unlink(statusPath)
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func run() {
        var pixels = [UInt8](repeating: 0, count: scene.width * scene.height * 4)
        var next = Date()
        var lastStatus = Date.distantPast
        while !isStopped {
            for event in source.drainEvents() { DemoRunner.apply(event, to: &scene) }
            let stride = scene.width * 4
            pixels.withUnsafeMutableBytes { scene.render(into: $0, stride: stride) }
            source.publish(pixels, width: scene.width, height: scene.height)
            if Date().timeIntervalSince(lastStatus) > 0.1 {
                lastStatus = Date()
                try? StreamStatusFile.write(scene.status(pid: ProcessInfo.processInfo.processIdentifier,
                                                         fps: 1 / interval, updatedAt: lastStatus.timeIntervalSince1970),
                                            to: statusPath)
            }
            next = next.addingTimeInterval(interval)
            let wait = next.timeIntervalSinceNow
            if wait > 0 { Thread.sleep(forTimeInterval: wait) } else { next = Date() }
        }
    }

    static func apply(_ event: InputEvent, to scene: inout DemoScene) {
        switch event.kind {
        case .pointerDown where event.buttons.contains(.primary):
            if event.clickCount >= 2 { scene.resetCamera() } else { scene.pointerDown(x: Double(event.x), y: Double(event.y)) }
        case .pointerMove:
            scene.pointerMove(x: Double(event.x), y: Double(event.y), dragging: event.buttons.contains(.primary))
        case .pointerUp: scene.pointerUp()
        case .wheel: scene.wheel(lines: Double(event.wheelY))
        case .keyDown: scene.key(event.keyCode)
        default: break
        }
    }
}
