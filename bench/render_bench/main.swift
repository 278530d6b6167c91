import TangleBasics
// render-bench: frame time at 1280×720 of Tangle's renderer beside a plain
// OSMesa loop that draws the same points and lines naively, in one run.
// Writes bench/results/render.json and bench/results/render.md.
//
//   swift build -c release --product render-bench && .build/release/render-bench
//
// Graphs: n nodes at uniformly random positions; each edge joins a random
// node to one of its spatial neighbours (a random node in the same or an
// adjacent grid cell) 90% of the time, to any node otherwise — roughly what
// a force layout of a sparse graph looks like. A second workload, "uniform",
// joins uniformly random nodes (a random layout: every edge crosses the
// screen), the worst case for line drawing.
import COSMesa
import Foundation
import GraphCore
import Render

struct Workload {
    let name: String
    let nodes: Int
    let edges: Int
    let local: Bool
}

func makeGraph(_ w: Workload, seed: UInt64) -> (Graph, [Float]) {
    var rng = RandomSource(seed: seed)
    let n = w.nodes
    var pos = [Float](repeating: 0, count: 2 * n)
    for i in 0..<(2 * n) { pos[i] = Float(rng.unit()) }
    // Grid with ~8 nodes a cell for neighbour picks.
    let side = max(Int((Double(n) / 8).squareRoot()), 1)
    var cells = [[Int32]](repeating: [], count: side * side)
    for i in 0..<n {
        let cx = min(Int(pos[2 * i] * Float(side)), side - 1), cy = min(Int(pos[2 * i + 1] * Float(side)), side - 1)
        cells[cy * side + cx].append(Int32(i))
    }
    var b = GraphBuilder(directed: false)
    b.reserve(nodes: n, edges: w.edges)
    for i in 0..<n { _ = b.node(String(i)) }
    var made = 0
    while made < w.edges {
        let u = rng.below(n)
        var v = rng.below(n)
        if w.local && rng.unit() < 0.9 {
            let cx = min(Int(pos[2 * u] * Float(side)), side - 1) + rng.below(3) - 1
            let cy = min(Int(pos[2 * u + 1] * Float(side)), side - 1) + rng.below(3) - 1
            guard cx >= 0, cy >= 0, cx < side, cy < side, !cells[cy * side + cx].isEmpty else { continue }
            let c = cells[cy * side + cx]
            v = Int(c[rng.below(c.count)])
        }
        if u == v { continue }
        b.addEdge(Int32(u), Int32(v))
        made += 1
    }
    return (b.build(), pos)
}

func now() -> Double { monotonicMilliseconds() }

struct Timing: Codable {
    var medianMs: Double
    var minMs: Double
    var frames: Int
}

func measure(frames: Int, warmup: Int = 2, _ body: (Int) throws -> Void) rethrows -> Timing {
    for i in 0..<warmup { try body(i) }
    var t: [Double] = []
    for i in 0..<frames {
        let t0 = now()
        try body(warmup + i)
        t.append(now() - t0)
    }
    t.sort()
    return Timing(medianMs: t[t.count / 2], minMs: t[0], frames: frames)
}

/// The baseline: what a first OSMesa program does — re-upload positions,
/// GL_LINES over an index buffer, GL_POINTS as discs, glFinish.
final class NaiveLoop {
    let ctx: OSMesaContext
    let buffer: UnsafeMutableRawPointer
    var vao: GLuint = 0, vbo: GLuint = 0, ebo: GLuint = 0
    let lineProgram: GLuint, pointProgram: GLuint
    let edgeCount: Int, nodeCount: Int

    init(width: Int, height: Int, positions: [Float], edges: [UInt32]) throws {
        let attrs: [Int32] = [OSMESA_FORMAT, Int32(OSMESA_RGBA), OSMESA_DEPTH_BITS, 24, OSMESA_PROFILE, OSMESA_CORE_PROFILE,
                              OSMESA_CONTEXT_MAJOR_VERSION, 3, OSMESA_CONTEXT_MINOR_VERSION, 3, 0]
        ctx = OSMesaCreateContextAttribs(attrs, nil)!
        buffer = .allocate(byteCount: width * height * 4, alignment: 64)
        _ = OSMesaMakeCurrent(ctx, buffer, GLenum(GL_UNSIGNED_BYTE), GLsizei(width), GLsizei(height))
        OSMesaPixelStore(OSMESA_Y_UP, 0)
        func prog(_ vs: String, _ fs: String) throws -> GLuint {
            func sh(_ k: Int32, _ s: String) -> GLuint {
                let x = glCreateShader(GLenum(k))
                s.withCString { p in var q: UnsafePointer<GLchar>? = p; glShaderSource(x, 1, &q, nil) }
                glCompileShader(x)
                return x
            }
            let p = glCreateProgram()
            glAttachShader(p, sh(GL_VERTEX_SHADER, vs))
            glAttachShader(p, sh(GL_FRAGMENT_SHADER, fs))
            glLinkProgram(p)
            return p
        }
        let vs = """
            #version 330 core
            layout(location = 0) in vec2 p;
            void main() { gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0); gl_PointSize = 6.0; }
            """
        lineProgram = try prog(vs, "#version 330 core\nout vec4 o; void main() { o = vec4(0.5, 0.6, 0.7, 0.3); }")
        pointProgram = try prog(vs, """
            #version 330 core
            out vec4 o;
            void main() {
                float d = length(gl_PointCoord - 0.5) * 2.0;
                if (d > 1.0) discard;
                o = vec4(0.9, 0.6, 0.1, 1.0 - smoothstep(0.8, 1.0, d));
            }
            """)
        glGenVertexArrays(1, &vao)
        glBindVertexArray(vao)
        glGenBuffers(1, &vbo)
        glGenBuffers(1, &ebo)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), vbo)
        glVertexAttribPointer(0, 2, GLenum(GL_FLOAT), GLboolean(GL_FALSE), 0, nil)
        glEnableVertexAttribArray(0)
        glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), ebo)
        edges.withUnsafeBytes { glBufferData(GLenum(GL_ELEMENT_ARRAY_BUFFER), $0.count, $0.baseAddress, GLenum(GL_STATIC_DRAW)) }
        edgeCount = edges.count / 2
        nodeCount = positions.count / 2
        glEnable(GLenum(GL_BLEND))
        glBlendFunc(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA))
        glEnable(GLenum(GL_PROGRAM_POINT_SIZE))
    }

    func frame(_ positions: [Float]) {
        _ = OSMesaMakeCurrent(ctx, buffer, GLenum(GL_UNSIGNED_BYTE), 1280, 720)
        glBindVertexArray(vao)
        glBindBuffer(GLenum(GL_ARRAY_BUFFER), vbo)
        positions.withUnsafeBytes { glBufferData(GLenum(GL_ARRAY_BUFFER), $0.count, $0.baseAddress, GLenum(GL_DYNAMIC_DRAW)) }
        glClearColor(0.08, 0.09, 0.1, 1)
        glClear(GLbitfield(GL_COLOR_BUFFER_BIT))
        glUseProgram(lineProgram)
        glDrawElements(GLenum(GL_LINES), GLsizei(edgeCount * 2), GLenum(GL_UNSIGNED_INT), nil)
        glUseProgram(pointProgram)
        glDrawArrays(GLenum(GL_POINTS), 0, GLsizei(nodeCount))
        glFinish()
    }

    deinit {
        OSMesaDestroyContext(ctx)
        buffer.deallocate()
    }
}

struct Row: Codable {
    var workload: String
    var nodes: Int
    var edges: Int
    var naive: Timing
    var naiveEdgesOnly: Timing
    var oursMoving: Timing
    var oursStill: Timing
    var movingLayerDivisor: Int
    var movingNodesSplatted: Int
    var stillEdgesDrawn: Int
    var stillEdgesSkipped: Int
    var targetMs: Double
    /// Where a moving frame's time went (last frame): CPU preparation incl. density layer, GL, painting, labels.
    var movingPrepareMs: Double
    var movingGLMs: Double
    var movingOverlayMs: Double
    var movingPaintMs: Double
}

let args = CommandLine.arguments
let quick = args.contains("--quick")
// --moving-only: time just the renderer's moving frames (for profiling; writes no results).
let movingOnly = args.contains("--moving-only")
// --frames N: timed frames a measurement (default 15, 7 for 100k; 3 with --quick).
// --snapshot DIR: also write one moving frame of each workload as PNG there.
let snapshotDirectory = args.firstIndex(of: "--snapshot").flatMap { i in i + 1 < args.count ? args[i + 1] : nil }
let framesOption = args.firstIndex(of: "--frames").flatMap { i in i + 1 < args.count ? Int(args[i + 1]) : nil }
let allWorkloads = [
    Workload(name: "laid-out", nodes: 10_000, edges: 50_000, local: true),
    Workload(name: "laid-out", nodes: 100_000, edges: 500_000, local: true),
    Workload(name: "uniform", nodes: 10_000, edges: 50_000, local: false),
    Workload(name: "uniform", nodes: 100_000, edges: 500_000, local: false),
]
// --only K: run just workload K (0-based), for profiling.
let workloads = args.firstIndex(of: "--only").flatMap { i in i + 1 < args.count ? Int(args[i + 1]) : nil }
    .map { [allWorkloads[$0]] } ?? allWorkloads
if getenv("LP_NUM_THREADS") == nil { setenv("LP_NUM_THREADS", "2", 1) }
let (W, H) = (1280, 720)
var rows: [Row] = []
var driver = ""
for w in workloads {
    let (g, pos) = makeGraph(w, seed: 42)
    let big = w.nodes > 50_000
    let frames = framesOption ?? (quick ? 3 : (big ? 7 : 15))
    var scene = try Scene(graph: g, positions: pos, dimension: 2)
    scene.topLabels = 10
    // Moving: a layout nudging every node each frame.
    var jitter = RandomSource(seed: 9)
    var moving = pos
    func nudge() {
        for i in 0..<moving.count { moving[i] += Float(jitter.unit() - 0.5) * 1e-4 }
    }
    let naive = try NaiveLoop(width: W, height: H, positions: pos, edges: scene.edges)
    let skipped = Timing(medianMs: 0, minMs: 0, frames: 0)
    let naiveT = movingOnly ? skipped : measure(frames: frames) { _ in nudge(); naive.frame(moving) }
    let naiveNoNodes: Timing = {
        // Edges alone, to show where the naive loop's time goes.
        _ = OSMesaMakeCurrent(naive.ctx, naive.buffer, GLenum(GL_UNSIGNED_BYTE), 1280, 720)
        if movingOnly { return skipped }
        return measure(frames: max(frames / 2, 3)) { _ in
            glClear(GLbitfield(GL_COLOR_BUFFER_BIT))
            glUseProgram(naive.lineProgram)
            glBindVertexArray(naive.vao)
            glDrawElements(GLenum(GL_LINES), GLsizei(naive.edgeCount * 2), GLenum(GL_UNSIGNED_INT), nil)
            glFinish()
        }
    }()
    let renderer = try Renderer(width: W, height: H)
    driver = renderer.driver
    var camera = Camera(dimension: 2, width: W, height: H)
    camera.fit(positions: pos, dimension: 2, animated: false)
    let theme = Theme.dark
    let movingT = try measure(frames: frames) { _ in
        nudge()
        try scene.setPositions(moving, dimension: 2)
        _ = try renderer.render(scene, camera: camera, theme: theme, detail: .interactive)
    }
    let movingStats = renderer.stats
    if let dir = snapshotDirectory {
        // What a moving frame looks like, for a person to judge the level of detail.
        let f = try renderer.render(scene, camera: camera, theme: theme, detail: .interactive)
        try ImageEncoder.write(f, to: "\(dir)/\(w.name)-\(w.nodes)-moving.png")
    }
    let stillT = movingOnly ? skipped : try measure(frames: max(frames / 2, 3)) { _ in
        _ = try renderer.render(scene, camera: camera, theme: theme, detail: .full)
    }
    let stillStats = renderer.stats
    let row = Row(workload: w.name, nodes: w.nodes, edges: g.edgeCount, naive: naiveT, naiveEdgesOnly: naiveNoNodes,
                  oursMoving: movingT, oursStill: stillT, movingLayerDivisor: movingStats.layerScale,
                  movingNodesSplatted: movingStats.nodesSplatted, stillEdgesDrawn: stillStats.edgesDrawn,
                  stillEdgesSkipped: stillStats.edgesSkipped, targetMs: big ? 60 : 16,
                  movingPrepareMs: movingStats.prepareMs, movingGLMs: movingStats.glMs,
                  movingOverlayMs: movingStats.overlayMs, movingPaintMs: movingStats.paintMs)
    rows.append(row)
    print(String(format: "%@ %6d nodes %6d edges: naive %7.1f ms (edges alone %7.1f) | moving %6.1f ms (target ≤ %.0f; prepare %.1f, GL %.1f, paint %.1f, labels %.1f, layer ÷%d) | still %7.1f ms",
                 w.name, w.nodes, g.edgeCount, naiveT.medianMs, naiveNoNodes.medianMs, movingT.medianMs, row.targetMs,
                 row.movingPrepareMs, row.movingGLMs, row.movingPaintMs, row.movingOverlayMs, row.movingLayerDivisor, stillT.medianMs))
}

/// Picking on a clustered picture: a Barabási–Albert graph of 100k nodes
/// whose positions crowd the centre as a force layout of it does, only more
/// so (radius ∝ u³: half the nodes within 1/8 of the radius), so the pick
/// grid's cells there hold hundreds of nodes. Times each pick after the
/// index is built, at points near the centre and anywhere.
struct PickTiming: Codable {
    var nodes: Int
    var indexBuildMs: Double
    var picks: Int
    var medianMicroseconds: Double
    var p99Microseconds: Double
    var maxMicroseconds: Double
    var centreHits: Int
}

func measurePicking() throws -> PickTiming {
    let n = 100_000
    let g = try Generators.barabasiAlbert(nodes: n, m: 3, seed: 5)
    var rng = RandomSource(seed: 8)
    var pos = [Float](repeating: 0, count: 2 * n)
    for i in 0..<n {
        let r = Float(pow(rng.unit(), 3)), a = Float(rng.unit() * 2 * Double.pi)
        pos[2 * i] = r * cosf(a)
        pos[2 * i + 1] = r * sinf(a)
    }
    let scene = try Scene(graph: g, positions: pos, dimension: 2)
    let renderer = try Renderer(width: W, height: H)
    var camera = Camera(dimension: 2, width: W, height: H)
    camera.fit(positions: pos, dimension: 2, animated: false)
    _ = try renderer.render(scene, camera: camera, theme: .dark, detail: .interactive)
    let b0 = now()
    _ = renderer.pick(x: 0, y: 0)
    let build = now() - b0
    var times: [Double] = []
    var hits = 0
    let picks = 4000
    for k in 0..<picks {
        // Half around the centre (where the grid is most crowded), half anywhere.
        let near = k % 2 == 0
        let x = near ? Float(W) / 2 + Float(rng.unit() - 0.5) * 60 : Float(rng.unit()) * Float(W)
        let y = near ? Float(H) / 2 + Float(rng.unit() - 0.5) * 60 : Float(rng.unit()) * Float(H)
        let t0 = now()
        let hit = renderer.pick(x: x, y: y)
        times.append((now() - t0) * 1000)
        if near && hit != nil { hits += 1 }
    }
    times.sort()
    return PickTiming(nodes: n, indexBuildMs: build, picks: picks, medianMicroseconds: times[picks / 2],
                      p99Microseconds: times[picks * 99 / 100], maxMicroseconds: times[picks - 1], centreHits: hits)
}

/// The 1-minute load average: on a shared machine it says how far to trust the times.
func loadAverage() -> Double {
    var l = [Double](repeating: 0, count: 3)
    return getloadavg(&l, 3) > 0 ? l[0] : -1
}

struct Report: Codable {
    var date: String
    var loadAverageAtEnd: Double
    var cores: Int
    var driver: String
    var lpNumThreads: String
    var size: String
    var rows: [Row]
    var picking: PickTiming?
}
if movingOnly { exit(0) }
let picking = quick ? nil : try measurePicking()
if let p = picking {
    print(String(format: "picking, BA %d nodes crowded at the centre: index %.1f ms, pick median %.1f µs, p99 %.1f µs, max %.1f µs",
                 p.nodes, p.indexBuildMs, p.medianMicroseconds, p.p99Microseconds, p.maxMicroseconds))
}
let dir = "bench/results"
try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let iso = ISO8601DateFormatter().string(from: Date())
let report = Report(date: iso, loadAverageAtEnd: loadAverage(), cores: ProcessInfo.processInfo.activeProcessorCount,
                    driver: driver, lpNumThreads: String(cString: getenv("LP_NUM_THREADS")),
                    size: "\(W)x\(H)", rows: rows, picking: picking)
let enc = JSONEncoder()
enc.outputFormatting = [.prettyPrinted, .sortedKeys]
try enc.encode(report).write(to: URL(fileURLWithPath: dir + "/render.json"))
var md = """
    # Render benchmark

    `.build/release/render-bench` on \(iso), \(driver), LP_NUM_THREADS=\(report.lpNumThreads), \(W)×\(H).
    Median frame time (ms) over repeated frames; every frame is finished before the clock stops (`glFinish` for GL).
    Load average at the end: \(String(format: "%.1f", report.loadAverageAtEnd)) on \(report.cores) cores — other work on
    the machine slows every column alike, so compare the columns of one run, not runs.

    - naive: plain OSMesa loop — re-upload positions, GL_LINES over all edges, GL_POINTS discs.
    - moving: Tangle's renderer at interactive detail while positions change every frame: edges in a density layer,
      nodes painted over it, all on the CPU (no GL).
    - still: Tangle's renderer at full detail (every edge a GL line, sub-pixel and off-screen edges culled).

    | workload | nodes | edges | naive | naive, edges alone | moving | target | still | layer ÷ | still edges drawn / skipped |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---|

    """
for r in rows {
    md += String(format: "| %@ | %d | %d | %.1f | %.1f | **%.1f** | ≤ %.0f | %.1f | %d | %d / %d |\n", r.workload, r.nodes,
                 r.edges, r.naive.medianMs, r.naiveEdgesOnly.medianMs, r.oursMoving.medianMs, r.targetMs,
                 r.oursStill.medianMs, r.movingLayerDivisor, r.stillEdgesDrawn, r.stillEdgesSkipped)
}
md += """

    Moving frames split (last frame, ms): CPU preparation incl. the density layer / painting layer and nodes.

    | workload | nodes | prepare | paint |
    |---|---:|---:|---:|

    """
for r in rows {
    md += String(format: "| %@ | %d | %.1f | %.1f |\n", r.workload, r.nodes, r.movingPrepareMs, r.movingPaintMs)
}
if let p = picking {
    md += String(format: """

        Picking (uniform grid of 16-pixel cells), Barabási–Albert %d nodes with positions crowding the centre
        (radius ∝ u³): index built in %.1f ms after a change; %d picks, half within 30 px of the centre:
        median %.1f µs, p99 %.1f µs, max %.1f µs.

        """, p.nodes, p.indexBuildMs, p.picks, p.medianMicroseconds, p.p99Microseconds, p.maxMicroseconds)
}
try md.write(toFile: dir + "/render.md", atomically: true, encoding: .utf8)
print("wrote \(dir)/render.json and \(dir)/render.md")
