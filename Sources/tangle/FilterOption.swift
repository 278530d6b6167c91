#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import GraphCore
import TangleBasics

/// `--filter EXPR`: the subcommands that take a graph work on the induced
/// subgraph of the nodes the expression selects (README, "Filters").
struct FilterOption: ParsableArguments {
    @Option(help: ArgumentHelp("Keep only the nodes EXPR selects, and the edges between them (e.g. \"kcore >= 3\", \"ego(Valjean, 2)\"; see the README's Filters section).",
                               valueName: "EXPR"))
    var filter: String?

    /// The parsed filter, or nil when none was given; a mistake exits 2.
    func parsed() throws -> Filter? {
        guard let filter else { return nil }
        do { return try Filter(parsing: filter) } catch { throw FilterFailure.report(filter, error) }
    }

    /// `graph` itself without --filter, else its induced subgraph and the
    /// mask that chose it; metrics come from (and stay in) `store`.
    func apply(to graph: Graph, store: MetricStore? = nil, timer: PhaseTimer? = nil) throws -> (graph: Graph, mask: NodeMask?) {
        guard let parsedFilter = try parsed() else { return (graph, nil) }
        timer?.lap("filter-parse")
        let metrics = store ?? MetricStore(graph: graph)
        // Whole-graph metrics first (an error in one is reported by evaluate, at its column).
        for m in NodeMetric.allCases where parsedFilter.metrics.contains(m) { _ = try? metrics.values(m) }
        timer?.lap("filter-metrics")
        let mask: NodeMask
        do { mask = try parsedFilter.evaluate(in: metrics) } catch { throw FilterFailure.report(parsedFilter.text, error) }
        timer?.lap("filter-evaluate")
        let sub = graph.induced(by: mask)
        timer?.lap("filter-induced")
        if let timer {
            // What an explorer pays on the next evaluation: metrics cached.
            _ = try? parsedFilter.evaluate(in: metrics)
            timer.lap("filter-evaluate-warm")
            _ = graph.induced(by: mask)
            timer.lap("filter-induced-again")
        }
        return (sub, mask)
    }
}

extension FilterOption {
    /// The `width` values of each of `nodes` from per-node rows (positions
    /// of the whole graph → positions of its induced subgraph).
    static func rows<T>(_ values: [T], _ nodes: [Int], _ width: Int) -> [T] {
        var out: [T] = []
        out.reserveCapacity(nodes.count * width)
        for v in nodes { out.append(contentsOf: values[v * width..<(v + 1) * width]) }
        return out
    }
}

/// Prints a filter mistake as "tangle: filter:1:COL: message" with the
/// expression and a caret under the column, and exits 2.
enum FilterFailure {
    static func report(_ text: String, _ error: GraphError) -> ExitCode {
        printError("tangle: \(error.description)")
        if error.column != nil { printError(Filter.caretLines(text, error)) }
        return ExitCode(2)
    }
}

/// `--timing`: wall and CPU milliseconds of each phase, and the process's
/// thread count, as `timing NAME WALL_MS cpu CPU_MS threads N` lines on stderr.
final class PhaseTimer {
    private var wall: Double
    private var cpu: Double
    /// Where the current part of a phase began (`part`).
    private var partWall: Double
    private var partCPU: Double

    init() {
        wall = monotonicSeconds()
        cpu = PhaseTimer.processCPUSeconds()
        partWall = wall
        partCPU = cpu
    }

    /// Prints the time since the last lap (or the start) under `name`.
    func lap(_ name: String, extra: String = "") {
        report(name, since: wall, cpu, extra: extra)
        wall = monotonicSeconds()
        cpu = PhaseTimer.processCPUSeconds()
        partWall = wall
        partCPU = cpu
    }

    /// Prints the time since the last part or lap under `name`, within the
    /// phase that the next `lap` prints whole (`stats.clustering` inside `stats`).
    func part(_ name: String) {
        report(name, since: partWall, partCPU, extra: "")
        partWall = monotonicSeconds()
        partCPU = PhaseTimer.processCPUSeconds()
    }

    private func report(_ name: String, since startWall: Double, _ startCPU: Double, extra: String) {
        let w = monotonicSeconds(), c = PhaseTimer.processCPUSeconds()
        printError("timing \(name) \(format3((w - startWall) * 1000)) cpu \(format3((c - startCPU) * 1000)) threads \(PhaseTimer.threads())" + extra)
    }

    /// CPU seconds of the whole process (all threads).
    private static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Threads of this process now (Linux: /proc/self/status), 0 if unknown.
    private static func threads() -> Int {
        guard let f = fopen("/proc/self/status", "r") else { return 0 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let s = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if s.hasPrefix("Threads:") { return Int(String(s.dropFirst(8).filter(\.isNumber))) ?? 0 }
        }
        return 0
    }
}
