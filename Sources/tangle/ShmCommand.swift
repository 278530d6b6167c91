#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import FrameBus

extension Tangle {
    /// `tangle shm list|clean`: the FrameBus segments in /dev/shm.
    struct Shm: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "shm",
            abstract: "List or clean the shared-memory segments that carry frames and events.",
            subcommands: [List.self, Clean.self],
            defaultSubcommand: List.self)

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show FrameBus segments: live (writer running) or stale (writer gone).")

            @Flag(help: "Include other users' segments (shown, never opened).")
            var allUsers = false

            @Flag(help: "Print one JSON object per line instead of a table.")
            var json = false

            func run() {
                let segments = SegmentDirectory.list(allUsers: allUsers)
                if json {
                    for s in segments { print(jsonLine(s)) }
                    return
                }
                if segments.isEmpty {
                    print("no FrameBus segments in \(SegmentDirectory.path)")
                    return
                }
                print(pad("NAME", 24) + pad("STATE", 12) + pad("WRITER", 9) + pad("SIZE", 10) + pad("FRAMES", 9)
                      + pad("MAX", 12) + "EVENTS")
                for s in segments {
                    let max = s.maxWidth.map { "\($0)×\(s.maxHeight ?? 0)" } ?? "-"
                    print(pad(s.name.description, 24) + pad(state(s), 12) + pad(s.writerPid.map(String.init) ?? "-", 9)
                          + pad(humanBytes(s.byteCount), 10) + pad(s.latestFrame.map(String.init) ?? "-", 9)
                          + pad(max, 12) + (s.pendingEvents.map(String.init) ?? "-"))
                    if case .invalid(let why) = s.status { print("    \(why)") }
                }
            }
        }

        struct Clean: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove this user's stale segments (their writer is gone). Live ones are never touched.")

            func run() {
                let removed = SegmentDirectory.removeStale()
                if removed.isEmpty { print("no stale FrameBus segments") }
                for s in removed {
                    print("removed \(s.name) (\(state(s)), writer pid \(s.writerPid.map(String.init) ?? "\(s.name.pid)"))")
                }
            }
        }
    }
}

private func state(_ s: SegmentInfo) -> String {
    if case .invalid = s.status { return "invalid" }
    return s.status.description
}

private func pad(_ text: String, _ width: Int) -> String {
    let n = text.count
    return n >= width ? text + " " : text + String(repeating: " ", count: width - n)
}

/// A size for people: "49.0 MiB". (`n * 10 >> 20` would parse as `n * (10 >> 20)`.)
func humanBytes(_ n: Int) -> String {
    if n >= 1 << 20 {
        let tenths = (n * 10) >> 20
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
    if n >= 1 << 10 { return "\(n >> 10) KiB" }
    return "\(n) B"
}

private func jsonLine(_ s: SegmentInfo) -> String {
    func str(_ v: String) -> String {
        var out = "\""
        for c in v.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where c.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
    func num<T: BinaryInteger>(_ v: T?) -> String { v.map { "\($0)" } ?? "null" }
    var reason = "null"
    if case .invalid(let why) = s.status { reason = str(why) }
    return "{\"name\":\(str(s.name.description)),\"state\":\(str(state(s))),\"reason\":\(reason),"
        + "\"owner_uid\":\(s.ownerUid),\"writer_pid\":\(num(s.writerPid)),\"bytes\":\(s.byteCount),"
        + "\"reclaimable\":\(s.reclaimable),\"latest_frame\":\(num(s.latestFrame)),"
        + "\"max_width\":\(num(s.maxWidth)),\"max_height\":\(num(s.maxHeight)),\"slots\":\(num(s.slotCount)),"
        + "\"pending_events\":\(num(s.pendingEvents))}"
}
