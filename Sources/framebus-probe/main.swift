// framebus-probe: a separate process for FrameBus's multi-process tests.
//
//   create  [--width W --height H --slots N --channel C --frames N --mode copy|inplace] [--hold]
//           prints "READY <name>", publishes N checksummed frames at full speed,
//           prints "PUBLISHED <n>", then with --hold waits for stdin to close.
//   read    NAME [--frames N --timeout-ms T --zero-copy]
//           prints "ATTACHED status", reads frames until N were seen or the
//           writer closes, then prints one "READ key=value…" line.
//   attach  NAME      prints "ATTACHED status" (exit 0) or "REFUSED kind: message" (exit 3)
//   push    NAME --count N --source S [--clicks-every K]
//           pushes N events (every K-th a click, others moves; serial 0…N-1);
//           a dropped click is pushed again. Prints "PUSHED key=value…".
#if canImport(Glibc)
import Glibc
#endif
import FrameBus
import FrameBusProbeSupport

struct Options {
    var positional: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    init(_ args: ArraySlice<String>) {
        var i = args.startIndex
        while i < args.endIndex {
            let a = args[i]
            if a.hasPrefix("--") {
                let key = String(a.dropFirst(2))
                if i + 1 < args.endIndex, !args[i + 1].hasPrefix("--") {
                    values[key] = args[i + 1]
                    i += 2
                    continue
                }
                flags.insert(key)
            } else {
                positional.append(a)
            }
            i += 1
        }
    }

    func int(_ key: String, _ fallback: Int) -> Int { values[key].flatMap { Int($0) } ?? fallback }
}

func say(_ line: String) {
    print(line)
    fflush(nil)
}

func fail(_ message: String, code: Int32 = 2) -> Never {
    say("ERROR \(message)")
    exit(code)
}

func create(_ o: Options) throws {
    let width = o.int("width", 64), height = o.int("height", 64)
    let config = FrameBusConfiguration(maxWidth: width, maxHeight: height, slotCount: o.int("slots", 3),
                                       eventCapacity: o.int("events", 1024))
    let bus = try FrameBus.create(config, channel: o.values["channel"].flatMap { UInt32($0) })
    say("READY \(bus.name!)")
    let frames = o.int("frames", 0)
    let pattern = FramePattern(width: width, height: height)
    var staging = [UInt8](repeating: 0, count: pattern.byteCount)
    let inPlace = o.values["mode"] == "inplace"
    for _ in 0..<frames {
        let next = bus.frames.latestFrameNumber + 1
        if inPlace {
            try bus.frames.withNextSlot(width: width, height: height) { pattern.write(frame: next, into: $0) }
        } else {
            staging.withUnsafeMutableBytes { pattern.write(frame: next, into: $0) }
            try bus.frames.publish(staging, width: width, height: height)
        }
    }
    say("PUBLISHED \(bus.frames.latestFrameNumber)")
    if o.flags.contains("hold") {
        var byte: UInt8 = 0
        while read(0, &byte, 1) > 0 {}
    }
    bus.close()
}

func readFrames(_ o: Options) throws {
    guard let name = o.positional.first else { fail("read needs a segment name") }
    let bus = try FrameBus.attach(name)
    say("ATTACHED \(bus.writerStatus)")
    let wanted = o.int("frames", 100)
    let timeout = Duration.milliseconds(o.int("timeout-ms", 5000))
    let zeroCopy = o.flags.contains("zero-copy")
    var last: UInt64 = 0, received = 0, bad = 0, mismatched = 0
    var buffer: [UInt8] = []
    var ending = "count"
    while received < wanted {
        switch bus.frames.wait(newerThan: last, timeout: timeout) {
        case .timedOut: ending = bus.writerStatus == .gone ? "gone" : "timeout"
        case .writerClosed: ending = "closed"
        case .frame: break
        }
        if ending != "count" { break }
        let got: (info: FrameInfo, result: UInt64?)?
        if zeroCopy {
            got = bus.frames.read(newerThan: last) { FramePattern.verify($0.bytes) }
        } else {
            got = bus.frames.copyLatest(newerThan: last, into: &buffer).map { info in
                (info, buffer.withUnsafeBytes { FramePattern.verify($0) })
            }
        }
        guard let got else { continue }
        // The ring only hands out newer frames; this line checks that claim.
        if got.info.frameNumber <= last { fail("frame \(got.info.frameNumber) after \(last)") }
        if got.result == nil { bad += 1 } else if got.result != got.info.frameNumber { mismatched += 1 }
        last = got.info.frameNumber
        received += 1
    }
    let stats = bus.frames.readStatistics
    say("READ received=\(received) bad=\(bad) mismatched=\(mismatched) last=\(last) retried=\(stats.retriedReads) invalid=\(stats.invalidFrames) end=\(ending)")
}

func attach(_ o: Options) {
    guard let name = o.positional.first else { fail("attach needs a segment name") }
    do {
        let bus = try FrameBus.attach(name)
        say("ATTACHED \(bus.writerStatus)")
    } catch let error as FrameBusError {
        say("REFUSED \(error.kind): \(error.description)")
        exit(3)
    } catch {
        fail("\(error)")
    }
}

func push(_ o: Options) throws {
    guard let name = o.positional.first else { fail("push needs a segment name") }
    let bus = try FrameBus.attach(name)
    let count = o.int("count", 1000), source = UInt32(o.int("source", 1)), every = max(1, o.int("clicks-every", 4))
    var dropped = 0, retries = 0
    for serial in 0..<count {
        let click = serial % every == 0
        let event = InteractionEvent(kind: click ? .pointerDown : .pointerMove,
                                     x: Float(serial % 1000) / 1000, y: 0.5,
                                     buttons: click ? .primary : [], source: source, serial: UInt32(serial))
        while bus.events.push(event) == .dropped {
            if !click { dropped += 1; break }
            retries += 1
            usleep(100)
        }
    }
    say("PUSHED sent=\(count) movesDropped=\(dropped) clickRetries=\(retries)")
}

let args = CommandLine.arguments
guard args.count >= 2 else { fail("usage: framebus-probe create|read|attach|push …") }
let options = Options(args.dropFirst(2))
do {
    switch args[1] {
    case "create": try create(options)
    case "read": try readFrames(options)
    case "attach": attach(options)
    case "push": try push(options)
    default: fail("unknown command \(args[1])")
    }
} catch {
    fail("\(error)")
}
