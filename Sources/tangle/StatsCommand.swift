#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import GraphCore

extension Tangle {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Print a graph's statistics (NetworkX's definitions).",
            discussion: """
                Values shared with NetworkX (nodes, edges, density, components, degree, clustering, \
                transitivity, assortativity, self-loops) equal NetworkX's to 1e-9 relative. \
                Communities are Louvain's (seeded), PageRank uses alpha 0.85, the diameter is that of \
                the largest component, exact up to 10,000 nodes and estimated above. \
                With --filter, the statistics are those of the induced subgraph of the selected nodes \
                (metrics in the filter are computed on the whole graph).
                """)

        enum Only: String, ExpressibleByArgument, CaseIterable {
            /// Counts, degrees and components: what reading alone gives.
            case basic
            /// basic + clustering, transitivity, assortativity.
            case clustering
            /// Everything.
            case all
        }

        @OptionGroup var input: InputOptions
        @OptionGroup var filterOption: FilterOption

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        @Option(help: "How much to compute: basic (counts, degrees, components), clustering (+ clustering, transitivity, assortativity) or all.")
        var only: Only = .all

        @Option(help: "Seed for community detection.")
        var seed: UInt64 = 0

        @Option(help: "Threads for the parallel statistics (1–64).")
        var threads: Int = 2

        @Flag(help: "Print phase times (read, filter, stats and its parts stats.basic, stats.clustering, stats.communities, stats.pagerank, stats.diameter) to stderr: timing NAME WALL_MS cpu CPU_MS threads N.")
        var timing = false

        func validate() throws {
            guard (1...64).contains(threads) else { throw ValidationError("--threads must be 1–64 (got \(threads))") }
        }

        func run() throws {
            let timer = timing ? PhaseTimer() : nil
            let whole = try runReporting { try input.load() }
            timer?.lap("read")
            _ = try filterOption.parsed()
            let graph = try filterOption.apply(to: whole, store: MetricStore(graph: whole, seed: seed, threads: threads),
                                               timer: timer).graph
            var options = GraphStatistics.Options()
            options.seed = seed
            options.threads = threads
            options.communities = only == .all
            options.pageRank = only == .all
            options.diameter = only == .all
            options.clustering = only != .basic
            // The parts first (stats.basic, stats.clustering, …), then the whole.
            let stats = GraphStatistics.compute(graph, options: options) { timer?.part("stats.\($0)") }
            timer?.lap("stats")
            print(json ? stats.jsonString() : stats.table())
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bundled demo graphs.")
        func run() {
            for demo in DemoGraph.allCases { print("demo:\(demo.rawValue)\t\(demo.summary)") }
        }
    }
}

/// Runs `body`; a bad input prints "tangle: …" to stderr and exits 2.
func runReporting<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as InputFailure {
        printError("tangle: \(failure.description)")
        throw ExitCode(2)
    } catch let error as GraphError {
        printError("tangle: \(error.description)")
        throw ExitCode(2)
    }
}

func printError(_ message: String) {
    var stderr = StandardError()
    print(message, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        #if canImport(Glibc)
        let bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {  Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
        #endif
    }
}

func format3(_ v: Double) -> String {
    let scaled = (v * 1000).rounded() / 1000
    return "\(scaled)"
}
