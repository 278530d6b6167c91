import ArgumentParser
import Foundation
import GraphCore
import Layout

extension LayoutAlgorithm: ExpressibleByArgument {}
extension RepulsionMethod: ExpressibleByArgument {}

/// `--positions CSV`: any subcommand can start from, or just show, a layout
/// computed elsewhere.
struct PositionsOption: ParsableArguments {
    @Option(help: ArgumentHelp("Start from (or show) positions in this CSV (id,x,y[,z]).", valueName: "CSV"))
    var positions: String?

    /// The positions for `graph`, or nil when none were given; a bad file
    /// exits 2 naming FILE:LINE:COL.
    func load(for graph: Graph) throws -> LayoutPositions? {
        guard let positions else { return nil }
        return try runReporting { try PositionsFile.read(positions, graph: graph) }
    }
}

/// `tangle layout`: computes a layout and writes id,x,y[,z].
struct LayoutCmd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "layout",
        abstract: "Lay out a graph and write node positions as CSV.",
        discussion: """
            Without --algorithm: multilevel above \(LayoutParameters().multilevelThreshold) nodes, \
            ForceAtlas2 below. Iterative algorithms (fa2, fr) run --iterations steps or, by default, \
            until converged (at most \(GraphLayout.convergenceCap) steps).
            """)

    @OptionGroup var input: InputOptions
    @OptionGroup var filterOption: FilterOption
    @OptionGroup var start: PositionsOption

    @Option(help: ArgumentHelp("fa2, fr, multilevel, spectral, circular or random.", valueName: "NAME"))
    var algorithm: LayoutAlgorithm?
    @Option(help: "2 or 3.") var dim = 2
    @Option(help: "Steps for fa2 and fr.") var iterations: Int?
    @Flag(help: "Run fa2 or fr until converged (the default when --iterations is not given).")
    var untilConverged = false
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Option(help: "Threads for force computation (1...64).") var threads = 2
    @Option(name: .shortAndLong, help: ArgumentHelp("Write positions here (- for stdout).", valueName: "CSV"))
    var output: String?
    @Flag(help: "Print stress, neighbourhood preservation, edge-length CV and crossings per edge.")
    var metrics = false

    @Option(help: "Barnes–Hut θ (0...4, 0 = exact).") var theta: Double?
    @Option(help: "ForceAtlas2 scaling k_r.") var scaling: Double?
    @Option(help: "ForceAtlas2 gravity k_g.") var gravity: Double?
    @Flag(help: "ForceAtlas2 strong gravity.") var strongGravity = false
    @Flag(help: "ForceAtlas2 lin-log mode.") var linLog = false
    @Option(help: "ForceAtlas2 edge weight influence δ (0...10).") var edgeWeightInfluence: Double?
    @Flag(help: "ForceAtlas2 dissuade hubs.") var dissuadeHubs = false
    @Flag(help: "ForceAtlas2 prevent overlap (node radius --node-size).") var preventOverlap = false
    @Option(help: "Node radius for --prevent-overlap.") var nodeSize: Double?
    @Option(help: "ForceAtlas2 jitter tolerance τ.") var jitterTolerance: Double?
    @Option(help: "Fruchterman–Reingold repulsion: barnesHut or grid.") var repulsion: RepulsionMethod?

    func validate() throws {
        if iterations != nil && untilConverged { throw ValidationError("--iterations and --until-converged contradict each other") }
        if let iterations, iterations < 0 { throw ValidationError("--iterations must be at least 0, got \(iterations)") }
        do { try parameters.validate() } catch let e as GraphError {
            throw ValidationError("--\(e.source) \(e.message)")
        }
    }

    var parameters: LayoutParameters {
        var p = LayoutParameters()
        p.dimension = dim; p.seed = seed; p.threads = threads
        if let theta { p.theta = theta }
        if let scaling { p.scaling = scaling }
        if let gravity { p.gravity = gravity }
        p.strongGravity = strongGravity; p.linLog = linLog; p.dissuadeHubs = dissuadeHubs
        p.preventOverlap = preventOverlap
        if let edgeWeightInfluence { p.edgeWeightInfluence = edgeWeightInfluence }
        if let nodeSize { p.nodeSize = nodeSize }
        if let jitterTolerance { p.jitterTolerance = jitterTolerance }
        if let repulsion { p.repulsion = repulsion }
        return p
    }

    func run() throws {
        _ = try filterOption.parsed()
        let whole = try runReporting { try input.load() }
        let (graph, mask) = try filterOption.apply(to: whole)
        // A positions file describes the whole graph; the kept nodes' rows are used.
        var initial = try start.load(for: whole).map { p in
            mask.map { m in LayoutPositions(dimension: p.dimension, coordinates: FilterOption.rows(p.coordinates, m.nodes, p.dimension)) } ?? p
        }
        if initial == nil, let carried = FileLayout(graph).positions(dimension: dim) {
            initial = carried  // the file's own layout is the start (--iterations 0 writes it back)
        }
        let chosen = algorithm ?? LayoutAlgorithm.automatic(nodeCount: graph.nodeCount)
        let clock = ContinuousClock()
        let began = clock.now
        let line = ProgressLine()
        let result = try runReporting {
            try GraphLayout.compute(graph, algorithm: chosen, parameters: parameters,
                                    iterations: iterations, initial: initial,
                                    progress: line.enabled ? { line.show(ProgressLine.layout($0)) } : nil)
        }
        line.finish()
        let elapsed = clock.now - began
        if let output {
            if output == "-" { print(PositionsFile.csv(result.positions, graph: graph), terminator: "") } else {
                try runReporting { try PositionsFile.write(result.positions, graph: graph, to: output) }
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        printError(String(format: "layout %@: %d nodes, %d iterations%@, %.3f s", chosen.rawValue, graph.nodeCount,
                          result.iterations, result.converged ? " (converged)" : "", seconds))
        if metrics {
            let m = LayoutMetrics.measure(graph, result.positions)
            print(String(format: "stress %.4f\nneighbourhood_preservation %.3f\nedge_length_cv %.3f\ncrossings_per_edge %.2f",
                         m.stress, m.neighbourhoodPreservation, m.edgeLengthCV, m.crossingsPerEdge))
        }
    }
}
