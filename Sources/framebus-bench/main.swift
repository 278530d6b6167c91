// framebus-bench: what publishing and reading frames and events through
// FrameBus costs, beside memcpy of the same bytes (the physical limit).
//
//   framebus-bench [--out bench/results/framebus.json] [--quick]
//
// Prints a summary and writes JSON. Build in release:
//   swift build -c release --product framebus-bench && .build/release/framebus-bench
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import FrameBus
import TangleBasics

let width = 1280, height = 720
let frameBytes = width * height * 4

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--child" {
    try Child.run(Array(arguments.dropFirst()))
    exit(0)
}
let quick = arguments.contains("--quick")
var outPath = "bench/results/framebus.json"
if let i = arguments.firstIndex(of: "--out"), i + 1 < arguments.count { outPath = arguments[i + 1] }
let scale = quick ? 5 : 1

func log(_ s: String) {
    print(s)
    fflush(nil)
}

/// Starts this executable as a child: `--child ARGS…`, stdout captured.
func spawnChild(_ args: [String], realtime: Bool = false, input: Pipe? = nil) throws -> (Process, Pipe) {
    let p = Process()
    let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    if realtime {
        // SCHED_FIFO for the waiting reader: what a deployment that cares can get.
        p.executableURL = URL(fileURLWithPath: "/usr/bin/chrt")
        p.arguments = ["-f", "10", me.path, "--child"] + args
    } else {
        p.executableURL = me
        p.arguments = ["--child"] + args
    }
    if let input { p.standardInput = input }
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    return (p, pipe)
}

var results: [String: Any] = [:]
results["frame"] = ["width": width, "height": height, "bytes": frameBytes, "format": "rgba8"]
results["machine"] = [
    "cores": ProcessInfo.processInfo.activeProcessorCount,
    "load_average_at_start": (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?
        .split(separator: " ").prefix(3).joined(separator: " ") ?? "",
]

// MARK: 1. Publish cost beside memcpy

let source = try AnonymousStorage(byteCount: frameBytes)
for i in stride(from: 0, to: frameBytes, by: 8) {
    source.baseAddress.storeBytes(of: UInt64(i) &* 0x9E37_79B9_7F4A_7C15, toByteOffset: i, as: UInt64.self)
}
let targets = try (0..<3).map { _ in try AnonymousStorage(byteCount: frameBytes) }
for t in targets { memset(t.baseAddress, 1, frameBytes) }
let bus = try FrameBus.create(FrameBusConfiguration(maxWidth: width, maxHeight: height, slotCount: 3), channel: 900)
let sourceBytes = UnsafeRawBufferPointer(start: source.baseAddress, count: frameBytes)
for _ in 0..<6 { try bus.frames.publish(sourceBytes, width: width, height: height) }

// The slots' own memory, for memcpy with exactly the cache and page history
// publish sees. (Pointers escape withNextSlot only here, for measurement.)
var slotMemory: [UInt64: UnsafeMutableRawPointer] = [:]
for _ in 0..<3 {
    let (n, p) = try bus.frames.withNextSlot(width: width, height: height) { $0.baseAddress! }
    slotMemory[n % 3] = p
}

var memcpyOne = Samples(), memcpySlots = Samples(), publish = Samples(), inPlaceEmpty = Samples()
let rounds = 600 / scale
// Alternating one by one, so load from other processes hits both variants
// alike; both rotate through the same three slots.
for _ in 0..<rounds {
    let next = (bus.frames.latestFrameNumber + 1) % 3
    memcpySlots.add(timed { memcpy(slotMemory[next]!, source.baseAddress, frameBytes) })
    // Advance the rotation as a publish would, untimed.
    try bus.frames.withNextSlot(width: width, height: height) { $0[0] = 1 }
    publish.add(try timed { try bus.frames.publish(sourceBytes, width: width, height: height) })
    memcpyOne.add(timed { memcpy(targets[0].baseAddress, source.baseAddress, frameBytes) })
    inPlaceEmpty.add(try timed { try bus.frames.withNextSlot(width: width, height: height) { $0[0] = 1 } })
}
let ratio = publish.median / memcpySlots.median
results["publish"] = [
    "samples": publish.count,
    "memcpy_into_slot_memory_median_us": round3(memcpySlots.median / 1000),
    "memcpy_into_slot_memory_p90_us": round3(memcpySlots.percentile(90) / 1000),
    "memcpy_one_hot_buffer_median_us": round3(memcpyOne.median / 1000),
    "publish_copy_in_median_us": round3(publish.median / 1000),
    "publish_copy_in_p90_us": round3(publish.percentile(90) / 1000),
    "with_next_slot_overhead_median_ns": inPlaceEmpty.median,
    "ratio_publish_to_memcpy": round3(ratio),
    "memcpy_gb_per_s": round3(Double(frameBytes) / memcpySlots.median),
    "target_ratio_max": 1.2,
]
log("publish 1280×720: memcpy into the slots \(round3(memcpySlots.median / 1000)) µs (one hot buffer \(round3(memcpyOne.median / 1000)) µs); publish(bytes) \(round3(publish.median / 1000)) µs → \(round3(ratio))× memcpy; withNextSlot overhead \(Int(inPlaceEmpty.median)) ns")

bus.close()

// MARK: 2. Frames per second

@MainActor func framesPerSecond(seconds: Double, withReader: Bool) throws -> [String: Any] {
    let ring = try FrameBus.create(FrameBusConfiguration(maxWidth: width, maxHeight: height, slotCount: 3),
                                   channel: withReader ? 902 : 901)
    var child: (Process, Pipe)?
    if withReader {
        child = try spawnChild(["reader", ring.name!.description])
        usleep(200_000)
    }
    let start = monotonicNanos()
    let end = start + UInt64(seconds * 1e9)
    var frames = 0
    while monotonicNanos() < end {
        try ring.frames.publish(sourceBytes, width: width, height: height)
        frames += 1
    }
    let elapsed = Double(monotonicNanos() - start) / 1e9
    ring.close()
    var out: [String: Any] = ["published": frames, "seconds": round3(elapsed),
                              "published_per_s": round3(Double(frames) / elapsed)]
    if let (process, pipe) = child {
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let read = text.split(separator: " ").last.flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        out["read_by_other_process"] = read
        out["read_per_s"] = round3(Double(read) / elapsed)
    }
    return out
}
let alone = try framesPerSecond(seconds: 2.0 / Double(scale), withReader: false)
let shared = try framesPerSecond(seconds: 2.0 / Double(scale), withReader: true)
results["frames_per_second"] = ["writer_alone": alone, "with_reader_process": shared]
log("frames/s 1280×720: writer alone \(alone["published_per_s"]!); with a reader process: writer \(shared["published_per_s"]!), reader \(shared["read_per_s"] ?? 0)")

// MARK: 3. Publish → waiting reader latency

@MainActor func latency(spin: Bool, samples: Int, realtime: Bool = false, copy: Bool = true) throws -> [String: Any] {
    let ring = try FrameBus.create(FrameBusConfiguration(maxWidth: width, maxHeight: height, slotCount: 3),
                                   channel: spin ? 904 : 903)
    let (process, pipe) = try spawnChild(["latency", ring.name!.description, "\(samples)", spin ? "spin" : "futex",
                                                    copy ? "copy" : "nocopy"],
                                         realtime: realtime)
    // Reading the pipe on another thread keeps the child from blocking on it.
    let collected = LockedText()
    let drain = Thread { collected.set(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) }
    drain.start()
    usleep(300_000)
    for _ in 0..<(samples + 20) {
        if !process.isRunning { break }
        try ring.frames.publish(sourceBytes, width: width, height: height)
        usleep(2000)
    }
    process.waitUntilExit()
    while !drain.isFinished { usleep(1000) }
    ring.close()
    var wake = Samples(), handled = Samples()
    var backlog = 0
    for line in collected.get().split(separator: "\n") {
        let parts = line.split(separator: " ")
        if parts.first == "BACKLOG", parts.count == 2 { backlog = Int(parts[1]) ?? 0 }
        guard parts.count == 2, let a = UInt64(parts[0]), let b = UInt64(parts[1]) else { continue }
        wake.add(a)
        handled.add(b)
    }
    return ["wake": wake.summaryMicros(), copy ? "wake_and_copy_out" : "wake_and_validate": handled.summaryMicros(),
            "frames_arriving_while_reader_busy": backlog]
}

final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    func set(_ s: String) { lock.lock(); text = s; lock.unlock() }
    func get() -> String { lock.lock(); defer { lock.unlock() }; return text }
}

/// The operating system's own floor: a timestamp written into a pipe every
/// 2 ms, read by a child blocked in read(2).
@MainActor func pipeLatency(samples: Int, copyBytes: Int = 0) throws -> [String: Any] {
    let input = Pipe()
    let (process, pipe) = try spawnChild(["pipe", "-", "\(samples)", "\(copyBytes)"], input: input)
    let collected = LockedText()
    let drain = Thread { collected.set(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)) }
    drain.start()
    usleep(300_000)
    let fd = input.fileHandleForWriting.fileDescriptor
    for _ in 0..<samples {
        var now = monotonicNanos()
        _ = write(fd, &now, 8)
        usleep(2000)
    }
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    while !drain.isFinished { usleep(1000) }
    var wake = Samples()
    for line in collected.get().split(separator: "\n") { if let v = UInt64(line) { wake.add(v) } }
    return wake.summaryMicros()
}

let futexLatency = try latency(spin: false, samples: 2000 / scale)
let spinLatency = try latency(spin: true, samples: 1000 / scale)
let futexNoCopy = try latency(spin: false, samples: 2000 / scale, copy: false)
let pipeFloor = try pipeLatency(samples: 2000 / scale)
let pipeCopying = try pipeLatency(samples: 2000 / scale, copyBytes: frameBytes)
var latencyResults: [String: Any] = [
    "futex_wait_reader_copying": futexLatency, "futex_wait_reader_not_copying": futexNoCopy, "busy_spin": spinLatency,
    "pipe_read_baseline": pipeFloor, "pipe_read_baseline_reader_copying_a_frame": pipeCopying,
    "publish_interval_ms": 2, "target_p99_us": 1000,
]
if geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/chrt") {
    latencyResults["futex_wait_realtime_priority"] = try latency(spin: false, samples: 2000 / scale, realtime: true)
}
results["latency_publish_to_reader"] = latencyResults
let fw = futexLatency["wake"] as! [String: Any]
let fc = futexLatency["wake_and_copy_out"] as! [String: Any]
let sw = spinLatency["wake"] as! [String: Any]
log("latency publish→waiting reader (futex): p50 \(fw["p50_us"]!) µs, p99 \(fw["p99_us"]!) µs (\(futexLatency["frames_arriving_while_reader_busy"]!) frames came while it was busy); +copy-out p50 \(fc["p50_us"]!) µs, p99 \(fc["p99_us"]!) µs; busy-spin reader p50 \(sw["p50_us"]!) µs, p99 \(sw["p99_us"]!) µs")
let nc = futexNoCopy["wake"] as! [String: Any]
log("  futex reader that validates in place instead of copying: p50 \(nc["p50_us"]!) µs, p99 \(nc["p99_us"]!) µs")
log("  baseline pipe read(2) wake-up: p50 \(pipeFloor["p50_us"]!) µs, p99 \(pipeFloor["p99_us"]!) µs; same with the reader copying 3.7 MB after each: p50 \(pipeCopying["p50_us"]!) µs, p99 \(pipeCopying["p99_us"]!) µs")
if let rt = (latencyResults["futex_wait_realtime_priority"] as? [String: Any])?["wake"] as? [String: Any] {
    log("  futex reader at SCHED_FIFO (chrt -f 10): p50 \(rt["p50_us"]!) µs, p99 \(rt["p99_us"]!) µs")
}

// MARK: 4. Events

func inProcessEvents(_ count: Int) throws -> Double {
    let q = try FrameBus.inProcess(FrameBusConfiguration(maxWidth: 1, maxHeight: 1, slotCount: 1, eventCapacity: 1024))
    let e = InteractionEvent(kind: .keyDown, keyCode: 65)
    let start = monotonicNanos()
    var got = 0
    for _ in 0..<(count / 256) {
        for _ in 0..<256 { q.events.push(e) }
        while q.events.pop() != nil { got += 1 }
    }
    let elapsed = Double(monotonicNanos() - start) / 1e9
    precondition(got == count / 256 * 256, "events lost in the in-process run")
    return Double(got) / elapsed
}

func crossProcessEvents(producers: Int, perProducer: Int) throws -> [String: Any] {
    let b = try FrameBus.create(FrameBusConfiguration(maxWidth: 1, maxHeight: 1, slotCount: 1, eventCapacity: 4096),
                                channel: 905)
    let children = try (1...producers).map { try spawnChild(["producer", b.name!.description, "\(perProducer)", "\($0)"]) }
    let total = producers * perProducer
    var got = 0
    var start: UInt64 = 0
    let deadline = monotonicNanos() + 60_000_000_000
    while got < total && monotonicNanos() < deadline {
        if b.events.pop() != nil {
            if got == 0 { start = monotonicNanos() }
            got += 1
        } else {
            // A brief spin before sleeping: at high rates the next event is
            // microseconds away, and a sleep costs the producer a wake syscall.
            _ = b.events.wait(timeout: .milliseconds(50), spin: .microseconds(50))
        }
    }
    let elapsed = Double(monotonicNanos() - start) / 1e9
    for (p, _) in children { p.waitUntilExit() }
    let stats = b.events.statistics
    b.close()
    return ["producers": producers, "events": total, "received": got, "seconds": round3(elapsed),
            "events_per_s": round3(Double(got) / elapsed), "full_queue_refusals_retried": stats.droppedEvents]
}

let inProcessRate = try inProcessEvents(4_000_000 / scale)
let oneProducer = try crossProcessEvents(producers: 1, perProducer: 2_000_000 / scale)
let twoProducers = try crossProcessEvents(producers: 2, perProducer: 1_000_000 / scale)
results["events"] = ["in_process_push_pop_per_s": round3(inProcessRate), "one_producer_process": oneProducer,
                     "two_producer_processes": twoProducers, "target_per_s": 1_000_000]
log("events: in-process push+pop \(Int(inProcessRate))/s; 1 producer process → consumer \(oneProducer["events_per_s"]!)/s; 2 producer processes \(twoProducers["events_per_s"]!)/s")

// MARK: Output

results["command"] = "swift build -c release --product framebus-bench && .build/release/framebus-bench"
let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
let url = URL(fileURLWithPath: outPath)
try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
try json.write(to: url)
log("wrote \(outPath)")
