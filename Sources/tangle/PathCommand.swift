import ArgumentParser
import GraphCore

extension Tangle {
    /// `tangle path FILE A B`: one shortest path, node ids one per line.
    struct PathCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "path",
            abstract: "Print one shortest path between two nodes, node ids one per line.",
            discussion: """
                Dijkstra on the edge weights when the graph has weights (--unweighted counts hops \
                instead); edge directions are followed in directed graphs. With no path it says so \
                on stderr and exits 1; an unknown node exits 2.
                """)

        @OptionGroup var input: InputOptions
        @Argument(help: ArgumentHelp("Node id the path starts at.", valueName: "A")) var source: String
        @Argument(help: ArgumentHelp("Node id the path ends at.", valueName: "B")) var target: String
        @Flag(help: "Count hops, ignoring edge weights.") var unweighted = false
        @Flag(help: "Print one JSON object: source, target, hops, weight, nodes.") var json = false
        @Flag(help: ArgumentHelp("Print phase times to stderr.", visibility: .hidden)) var timing = false

        func run() throws {
            let timer = timing ? PhaseTimer() : nil
            let graph = try runReporting { try input.load() }
            timer?.lap("read")
            let store = MetricStore(graph: graph)
            let a = try node(source, store), b = try node(target, store)
            timer?.lap("path-lookup")
            let path = try runReporting { try graph.shortestPath(from: a, to: b, weighted: !unweighted) }
            timer?.lap("path")
            guard let path else {
                printError("tangle: no path from \(source) to \(target)" + (graph.isDirected ? " (following edge directions)" : ""))
                throw ExitCode(1)
            }
            if json {
                let weight = unweighted || !graph.isWeighted ? Double(path.count - 1) : graph.pathWeight(path)
                let nodes = path.map { GraphStatistics.json(graph.nodeIDs[$0]) }.joined(separator: ", ")
                print("{\"source\": \(GraphStatistics.json(source)), \"target\": \(GraphStatistics.json(target)), "
                      + "\"hops\": \(path.count - 1), \"weight\": \(GraphStatistics.json(weight)), \"nodes\": [\(nodes)]}")
            } else {
                print(path.map { graph.nodeIDs[$0] }.joined(separator: "\n"))
            }
        }

        /// The node with this id, or exit 2 saying there is none.
        private func node(_ id: String, _ store: MetricStore) throws -> Int {
            guard let v = store.node(withID: id) else {
                printError("tangle: \(input.file): no node with id \"\(id)\"")
                throw ExitCode(2)
            }
            return v
        }
    }
}
