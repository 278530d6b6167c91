// The benchmark's child processes: a waiting frame reader (latency), a
// frame reader at full speed (throughput), and an event producer. The parent
// runs this same executable with `--child …`.
#if canImport(Glibc)
import Glibc
#endif
import FrameBus
import TangleBasics

enum Child {
    static func run(_ args: [String]) throws {
        guard args.count >= 2 else { return }
        let count = args.count > 2 ? Int(args[2]) ?? 0 : 0
        if args[0] == "pipe" { return pipeReader(samples: count, copyBytes: args.count > 3 ? Int(args[3]) ?? 0 : 0) }
        let bus = try FrameBus.attach(args[1])
        switch args[0] {
        case "latency":
            try latency(bus, samples: count, spin: args.count > 3 && args[3] == "spin",
                        copy: !(args.count > 4 && args[4] == "nocopy"))
        case "reader": reader(bus)
        case "producer": producer(bus, count: count, source: UInt32(args.count > 3 ? Int(args[3]) ?? 1 : 1))
        default: break
        }
    }

    /// Waits for each frame; prints one line per frame: wake and wake+copy
    /// (or wake+validate with `nocopy`) latencies after the writer's publish
    /// time, in nanoseconds.
    static func latency(_ bus: FrameBus, samples: Int, spin: Bool, copy: Bool) throws {
        var last = bus.frames.latestFrameNumber
        var buffer: [UInt8] = []
        var out = ""
        var backlog = 0
        for _ in 0..<samples {
            let waitStart = monotonicNanos()
            let result = bus.frames.wait(newerThan: last, timeout: .seconds(10), spin: spin ? .seconds(10) : .zero)
            let woke = monotonicNanos()
            guard case .frame(let number) = result else { break }
            let found = copy ? bus.frames.copyLatest(newerThan: last, into: &buffer)
                             : bus.frames.read(newerThan: last) { _ in () }?.info
            let done = monotonicNanos()
            guard let info = found else { continue }
            last = info.frameNumber
            // Only a frame published while this reader waited measures wake-up;
            // one that came while it was still busy with the previous frame
            // (preempted mid-copy, say) measures the reader, not the bus.
            guard info.frameNumber == number, info.publishedAt >= waitStart else {
                backlog += 1
                continue
            }
            out += "\(woke &- info.publishedAt) \(done &- info.publishedAt)\n"
        }
        print(out, terminator: "")
        print("BACKLOG \(backlog)")
    }

    /// Copies every frame it can until the writer closes; prints the count.
    static func reader(_ bus: FrameBus) {
        var last: UInt64 = 0, frames = 0
        var buffer: [UInt8] = []
        while true {
            let r = bus.frames.wait(newerThan: last, timeout: .seconds(10))
            guard case .frame = r else { break }
            if let info = bus.frames.copyLatest(newerThan: last, into: &buffer) {
                last = info.frameNumber
                frames += 1
            }
        }
        print("READ \(frames)")
    }

    /// Pushes `count` key events as fast as the queue takes them.
    static func producer(_ bus: FrameBus, count: Int, source: UInt32) {
        var retries = 0
        for i in 0..<count {
            let e = InteractionEvent(kind: .keyDown, keyCode: 65, source: source, serial: UInt32(truncatingIfNeeded: i))
            while bus.events.push(e) == .dropped {
                retries += 1
                sched_yield()
            }
        }
        print("PUSHED \(count) retries \(retries)")
    }

    /// Reads 8-byte timestamps from stdin; prints each one's age on arrival.
    /// With `copyBytes`, copies that many bytes after each, like a frame reader.
    static func pipeReader(samples: Int, copyBytes: Int) {
        var out = ""
        var stamp: UInt64 = 0
        let from = [UInt8](repeating: 1, count: copyBytes)
        var to = [UInt8](repeating: 0, count: copyBytes)
        for _ in 0..<samples {
            guard read(0, &stamp, 8) == 8 else { break }
            out += "\(monotonicNanos() &- stamp)\n"
            if copyBytes > 0 {
                to.withUnsafeMutableBytes { t in from.withUnsafeBytes { f in t.copyMemory(from: f) } }
            }
        }
        print(out, terminator: "")
    }
}
