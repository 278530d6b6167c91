import ArgumentParser
import Foundation
import GraphCore
import Render

extension Tangle {
    struct Gen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a graph: ba, er, ws, grid or sbm (deterministic for a seed).",
            discussion: """
                ba    Barabási–Albert preferential attachment: --nodes N --m M
                er    Erdős–Rényi G(n, p): --nodes N --p P [--directed]
                ws    Watts–Strogatz small world: --nodes N --k K --p P
                grid  square lattice: --rows R --cols C
                sbm   stochastic block model: --sizes 50,50,50 --p-in P --p-out Q (nodes get a `block` attribute)
                The output format follows -o's extension (.edges .csv .graphml .json); - writes an edge list to stdout.
                """)

        enum Model: String, ExpressibleByArgument, CaseIterable { case ba, er, ws, grid, sbm }

        @Argument(help: ArgumentHelp("The model.", valueName: "ba|er|ws|grid|sbm")) var model: Model
        @Option(help: "Number of nodes (ba, er, ws).") var nodes = 1000
        @Option(help: "Edges each new node brings (ba).") var m = 3
        @Option(help: "Edge probability (er), rewiring probability (ws).") var p: Double?
        @Option(help: "Ring neighbours, even (ws).") var k = 4
        @Option(help: "Rows (grid).") var rows = 10
        @Option(help: "Columns (grid).") var cols = 10
        @Option(help: "Block sizes, comma-separated (sbm).") var sizes = "50,50,50"
        @Option(name: .customLong("p-in"), help: "Edge probability inside a block (sbm).") var pIn = 0.1
        @Option(name: .customLong("p-out"), help: "Edge probability between blocks (sbm).") var pOut = 0.005
        @Flag(help: "Directed edges (er).") var directed = false
        @Option(help: "Random seed.") var seed: UInt64 = 1
        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write (- for stdout).", valueName: "FILE")) var output = "-"

        func validate() throws {
            guard nodes >= 0, nodes <= 100_000_000 else { throw ValidationError("--nodes must be 0…100000000") }
            guard rows >= 1, cols >= 1, rows * cols <= 100_000_000 else { throw ValidationError("--rows and --cols must be ≥ 1 (at most 1e8 nodes)") }
        }

        func run() throws {
            let graph: Graph = try runReporting {
                switch model {
                case .ba: return try Generators.barabasiAlbert(nodes: nodes, m: m, seed: seed)
                case .er: return try Generators.erdosRenyi(nodes: nodes, p: p ?? 0.01, directed: directed, seed: seed)
                case .ws: return try Generators.wattsStrogatz(nodes: nodes, k: k, p: p ?? 0.1, seed: seed)
                case .grid: return try Generators.grid(rows: rows, cols: cols)
                case .sbm:
                    let blocks = sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
                    guard blocks.count == sizes.split(separator: ",").count else { throw GraphError("--sizes must be whole numbers separated by commas") }
                    return try Generators.stochasticBlockModel(sizes: blocks, pIn: pIn, pOut: pOut, seed: seed)
                }
            }
            try writeGraph(graph, to: output)
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a graph in another format (edge list, CSV, GraphML, GEXF, JSON node-link).",
            discussion: """
                The output format follows -o's extension; - writes an edge list to stdout. GEXF (.gexf) \
                carries node positions, colours and sizes (viz:position, viz:color, viz:size) for Gephi: \
                positions from --positions, else the file's own, else a layout computed as `tangle render` \
                does; colours and sizes the file's own, else by community and degree as `tangle render` draws them.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var filterOption: FilterOption
        @OptionGroup var start: PositionsOption
        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write (- for stdout).", valueName: "FILE")) var output = "-"
        @Option(name: .customLong("to"), help: ArgumentHelp("Output format (overrides the extension).", valueName: "edgelist|csv|graphml|gexf|json"))
        var to: GraphFormat?
        @Option(help: "Random seed for the layout and communities GEXF output computes when the file has none.")
        var seed: UInt64 = 1

        func run() throws {
            _ = try filterOption.parsed()
            let whole = try runReporting { try input.load() }
            let graph = try filterOption.apply(to: whole).graph
            let format = to ?? (output == "-" ? .edgelist : GraphWriter.format(forPath: output))
            guard format == .gexf else { return try writeGraph(graph, to: output, format: format) }
            try writeGraph(graph, to: output, format: format, visuals: try gexfVisuals(graph))
        }

        /// What Tangle would show: the given or carried layout, else a computed one; colours and sizes likewise.
        func gexfVisuals(_ graph: Graph) throws -> FileVisuals {
            let carried = FileLayout(graph)
            var visuals = carried.visuals
            if let p = try start.load(for: graph) {
                visuals.positions = p.coordinates
                visuals.dimension = p.dimension
            } else if visuals.positions == nil {
                visuals.positions = try runReporting {
                    try RenderLayout.positions(graph, algorithm: RenderLayout.defaultName, dimension: 2, iterations: nil, seed: seed)
                }.map { Double($0) }
                visuals.dimension = 2
            }
            if visuals.colors == nil {
                let theme = Theme.dark
                visuals.colors = NodeStyle.categories(labels: RenderLayout.communities(graph, seed: seed)).categories.map {
                    let c = theme.color(ofCategory: $0)
                    return FileVisuals.RGBBytes(r: c.r, g: c.g, b: c.b)
                }
            }
            if visuals.sizes == nil { visuals.sizes = NodeStyle.sizes(byDegreeOf: graph).map { Double($0) } }
            return visuals
        }
    }
}

/// Writes a graph to a file or stdout; errors exit 2 with a message.
func writeGraph(_ graph: Graph, to path: String, format: GraphFormat? = nil, visuals: FileVisuals? = nil) throws {
    let f = format ?? (path == "-" ? .edgelist : GraphWriter.format(forPath: path))
    let text = try runReporting { try GraphWriter.text(graph, format: f, visuals: visuals) }
    if path == "-" {
        FileHandle.standardOutput.write(Data(text.utf8))
    } else {
        try runReporting { try OutputFile.write(Array(text.utf8), to: path) }
    }
}
