// stream-demo-publisher: a stand-in explorer for tests and the benchmark.
// Creates a real FrameBus segment, publishes moving discs at a fixed rate,
// applies the events it receives to its camera, and writes the status JSON
// beside the segment, as the explorer will. Prints one JSON line with the
// segment name on stdout, then (with --event-log) one line per event to that
// file. Stops on SIGINT/SIGTERM or after --seconds; unlinks what it created.
import Foundation
import FrameBus
import StreamDemo
import StreamInterface

nonisolated(unsafe) var stopRequested: sig_atomic_t = 0

struct Options {
    var width = 1280
    var height = 720
    var fps = 30.0
    var seconds = 600.0
    var eventLog: String?
    var still = false

    init(_ args: [String]) throws {
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < args.count else { throw PublisherError("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--size":
                let p = try value().split(separator: "x").compactMap { Int($0) }
                guard p.count == 2, p[0] >= 8, p[1] >= 8 else { throw PublisherError("--size must be WIDTHxHEIGHT") }
                (width, height) = (p[0], p[1])
            case "--fps": fps = Double(try value()) ?? 30
            case "--seconds": seconds = Double(try value()) ?? 600
            case "--event-log": eventLog = try value()
            case "--still": still = true
            default: throw PublisherError("unknown option \(args[i]); options: --size WxH --fps N --seconds S --event-log FILE --still")
            }
            i += 1
        }
    }
}

struct PublisherError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func apply(_ e: InteractionEvent, to scene: inout DemoScene) {
    switch e.kind {
    case .pointerDown where e.buttons.contains(.primary):
        // keyCode carries the click count on pointer-down (2: double-click).
        if e.keyCode >= 2 { scene.resetCamera() } else { scene.pointerDown(x: Double(e.x), y: Double(e.y)) }
    case .pointerMove: scene.pointerMove(x: Double(e.x), y: Double(e.y), dragging: e.buttons.contains(.primary))
    case .pointerUp: scene.pointerUp()
    case .wheel: scene.wheel(lines: Double(e.wheelY))
    case .keyDown: scene.key(e.keyCode)
    default: break
    }
}

func logLine(_ e: InteractionEvent) -> String {
    "{\"kind\":\(e.kind.rawValue),\"source\":\(e.source),\"serial\":\(e.serial),\"x\":\(e.x),\"y\":\(e.y),"
        + "\"buttons\":\(e.buttons.rawValue),\"mods\":\(e.modifiers.rawValue),\"key\":\(e.keyCode),"
        + "\"wheelY\":\(e.wheelY)}\n"
}

do {
    let options = try Options(Array(CommandLine.arguments.dropFirst()))
    signal(SIGINT) { _ in stopRequested = 1 }
    signal(SIGTERM) { _ in stopRequested = 1 }
    let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: options.width, maxHeight: options.height))
    let segment = bus.name?.description ?? ""
    let statusPath = StreamStatusFile.path(forSegment: segment)
    var log: FileHandle?
    if let path = options.eventLog {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        log = FileHandle(forWritingAtPath: path)
    }
    FileHandle.standardOutput.write(Data("{\"segment\":\"\(segment)\",\"pid\":\(getpid()),\"status\":\"\(statusPath)\"}\n".utf8))

    var scene = DemoScene(width: options.width, height: options.height)
    let interval = 1 / max(1, options.fps)
    let start = Date()
    var next = start
    var lastStatus = Date.distantPast
    var published = 0
    while stopRequested == 0, Date().timeIntervalSince(start) < options.seconds {
        for e in bus.events.drain() {
            apply(e, to: &scene)
            log?.write(Data(logLine(e).utf8))
        }
        if !options.still || published == 0 {
            try bus.frames.withNextSlot(width: options.width, height: options.height) { slot in
                scene.render(into: slot, stride: options.width * 4)
            }
            published += 1
        }
        if Date().timeIntervalSince(lastStatus) > 0.1 {
            lastStatus = Date()
            try? StreamStatusFile.write(scene.status(pid: getpid(), fps: options.fps,
                                                     updatedAt: lastStatus.timeIntervalSince1970), to: statusPath)
        }
        next = next.addingTimeInterval(interval)
        let wait = next.timeIntervalSinceNow
        if wait > 0 { Thread.sleep(forTimeInterval: wait) } else { next = Date() }
    }
    try? log?.close()
    bus.close()
    unlink(statusPath)
} catch {
    FileHandle.standardError.write(Data("stream-demo-publisher: \(error)\n".utf8))
    exit(1)
}
