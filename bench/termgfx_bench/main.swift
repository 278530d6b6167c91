import TangleBasics
// termgfx-bench: encode time and bytes per frame for Tangle's sixel encoder,
// libsixel (fixed palette PAL8; its own quantizing path as img2sixel runs it)
// and the kitty encoder, on the same synthetic frames, in one run.
// Writes bench/results/termgfx.json and termgfx.md. Run in release: make bench.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TerminalGraphics

struct Row {
    let frame: String, size: String, encoder: String
    let medianMs: Double, minMs: Double, cpuMs: Double, bytes: Int, runs: Int
}

/// Process CPU seconds (all threads): on a shared, loaded machine wall time
/// includes waiting for a core; CPU time is what the encoder itself costs.
func cpuNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func now() -> Double { monotonicSeconds() }

func measure(_ encoder: PixelEncoder, _ image: RGBAImage, palette: Palette, runs: Int) throws -> (Double, Double, Int, Double) {
    var encoder = encoder
    var out: [UInt8] = []
    out.reserveCapacity(2 << 20)
    try encoder.encode(image, palette: palette, into: &out)   // warm-up: tables, buffers
    var times: [Double] = [], cpu: [Double] = []
    for _ in 0..<runs {
        out.removeAll(keepingCapacity: true)
        let t0 = now(), c0 = cpuNow()
        try encoder.encode(image, palette: palette, into: &out)
        times.append((now() - t0) * 1000)
        cpu.append((cpuNow() - c0) * 1000)
    }
    times.sort(); cpu.sort()
    return (times[times.count / 2], times[0], out.count, cpu[cpu.count / 2])
}

let args = CommandLine.arguments
let quick = args.contains("--quick")
let outDir = args.firstIndex(of: "--out").map { args[$0 + 1] } ?? "bench/results"
let palette = Palette.tangleDark
if let i = args.firstIndex(of: "--profile") {
    // For perf: one encoder, the 1280×720 10k-node frame, many times.
    let image = TestPattern.graph(width: 1280, height: 720, nodes: 10_000, edges: 20_000, maxRadius: 3, palette: palette)
    let which = i + 1 < args.count ? args[i + 1] : "sixel"
    if which == "dump" {   // the frames as sixel files, to look at (sixel2png)
        let encoder = SixelEncoder()
        for (name, frame) in [("sparse", image), ("dense", TestPattern.dense(width: 1280, height: 720, palette: palette))] {
            var out: [UInt8] = []
            try encoder.encode(frame, palette: palette, into: &out)
            let f = fopen("/tmp/termgfx-\(name).six", "w")
            fwrite(out, 1, out.count, f)
            fclose(f)
        }
        exit(0)
    }
    let encoder: PixelEncoder = which == "kitty" ? KittyEncoder() : SixelEncoder(threads: 1)
    let (median, _, bytes, _) = try measure(encoder, image, palette: palette, runs: 200)
    print("profile \(which): median \(median) ms, \(bytes) bytes")
    exit(0)
}
let sizes = [(640, 480), (1280, 720)]
var rows: [Row] = []

for (w, h) in sizes {
    // Sparse: a 10k-node graph scaled to the frame (node count by area), thin edges, small discs.
    let nodes = 10_000 * (w * h) / (1280 * 720)
    let frames: [(String, RGBAImage)] = [
        ("sparse-\(nodes / 1000)k-nodes", TestPattern.graph(width: w, height: h, nodes: nodes, edges: nodes * 2,
                                                             maxRadius: 3, palette: palette)),
        ("dense", TestPattern.dense(width: w, height: h, palette: palette)),
    ]
    for (name, image) in frames {
        let fast = quick ? 5 : 31, slow = quick ? 2 : 7
        let encoders: [(String, () throws -> PixelEncoder, Int)] = [
            ("tangle-sixel-1thread", { SixelEncoder(threads: 1) }, fast),
            ("tangle-sixel-2threads", { SixelEncoder(threads: 2) }, fast),
            ("libsixel-pal8-fixed-palette", { try LibSixelEncoder(mode: .fixedPalette) }, slow),
            ("libsixel-quantize-256-no-diffusion", { try LibSixelEncoder(mode: .quantizing(colors: 256, diffusion: false)) }, slow),
            ("libsixel-quantize-256-fs (img2sixel default)", { try LibSixelEncoder(mode: .quantizing(colors: 256, diffusion: true)) }, slow),
            ("kitty-zlib1-rgba", { KittyEncoder(format: .rgba) }, fast),
            ("kitty-zlib1-rgb", { KittyEncoder(format: .rgb) }, fast),
        ]
        for (label, make, runs) in encoders {
            let (median, minimum, bytes, cpu) = try measure(try make(), image, palette: palette, runs: runs)
            let row = Row(frame: name, size: "\(w)x\(h)", encoder: label, medianMs: median, minMs: minimum,
                          cpuMs: cpu, bytes: bytes, runs: runs)
            rows.append(row)
            print("\(row.size)\t\(row.frame)\t\(label)\t\(String(format: "%.2f", median)) ms wall\t" +
                  "\(String(format: "%.2f", minimum)) ms min\t\(String(format: "%.2f", cpu)) ms cpu\t\(bytes) B")
        }
    }
}

func json(_ rows: [Row]) -> String {
    let items = rows.map { r in
        "  {\"size\": \"\(r.size)\", \"frame\": \"\(r.frame)\", \"encoder\": \"\(r.encoder)\", " +
        "\"median_ms\": \(String(format: "%.3f", r.medianMs)), \"min_ms\": \(String(format: "%.3f", r.minMs)), " +
        "\"median_cpu_ms\": \(String(format: "%.3f", r.cpuMs)), " +
        "\"bytes\": \(r.bytes), \"runs\": \(r.runs)}"
    }
    return "{\n\"benchmark\": \"termgfx\",\n\"threads_available\": \(sysconf(Int32(_SC_NPROCESSORS_ONLN))),\n" +
        "\"rows\": [\n" + items.joined(separator: ",\n") + "\n]\n}\n"
}

func markdown(_ rows: [Row]) -> String {
    var s = "# Terminal graphics encoders (termgfx-bench)\n\n"
    s += "Same synthetic frames for every encoder, one run; median of `runs` encodes, release build.\n"
    s += "Wall time includes waiting for a core on a shared machine (load average at start: \(loadAverage()));\n"
    s += "CPU time is the process's (all threads). Target: ≤ 10 ms per 1280×720 frame, ≤ 400 KB for the 10k-node frame.\n\n"
    s += "| size | frame | encoder | median wall ms | min wall ms | median CPU ms | bytes | runs |\n"
    s += "|---|---|---|---:|---:|---:|---:|---:|\n"
    for r in rows {
        s += "| \(r.size) | \(r.frame) | \(r.encoder) | \(String(format: "%.2f", r.medianMs)) | "
        s += "\(String(format: "%.2f", r.minMs)) | \(String(format: "%.2f", r.cpuMs)) | \(r.bytes) | \(r.runs) |\n"
    }
    return s
}

func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) == 3 ? String(format: "%.1f %.1f %.1f", loads[0], loads[1], loads[2]) : "?"
}

func writeFile(_ path: String, _ text: String) {
    guard let f = fopen(path, "w") else { print("termgfx-bench: cannot write \(path)"); return }
    fputs(text, f)
    fclose(f)
}

mkdir(outDir, 0o755)
writeFile(outDir + "/termgfx.json", json(rows))
writeFile(outDir + "/termgfx.md", markdown(rows))
print("wrote \(outDir)/termgfx.json and termgfx.md")
