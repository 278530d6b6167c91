import GraphCore
import Layout
import Render

/// Where `tangle render` gets positions and communities when the file does
/// not give them: the Layout target and GraphCore's Louvain.
enum RenderLayout {
    /// Like the explorer: ForceAtlas2 for small graphs, multilevel above a few thousand nodes.
    static let defaultName = "auto"

    static func positions(_ graph: Graph, algorithm name: String, dimension d: Int, iterations: Int?,
                          seed: UInt64) throws -> [Float] {
        let algorithm: LayoutAlgorithm
        if name == "auto" {
            algorithm = .automatic(nodeCount: graph.nodeCount)
        } else if let a = LayoutAlgorithm(rawValue: name) {
            algorithm = a
        } else {
            throw RenderError("unknown layout \"\(name)\" (auto, \(LayoutAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var parameters = LayoutParameters()
        parameters.dimension = d
        parameters.seed = seed
        // A still picture: iterate until settled unless told how long.
        let line = ProgressLine()
        defer { line.finish() }
        let result = try GraphLayout.compute(graph, algorithm: algorithm, parameters: parameters,
                                             iterations: iterations ?? (algorithm.isIterative ? 2_000 : nil),
                                             progress: line.enabled ? { line.show(ProgressLine.layout($0)) } : nil)
        return result.positions.coordinates.map { Float($0) }
    }

    static func positions(fromFile path: String, graph: Graph, dimension d: Int) throws -> [Float] {
        let p = try PositionsFile.read(path, graph: graph)
        guard p.dimension == d else {
            throw RenderError(file: path, "has \(p.dimension) coordinates a node but --dim is \(d)")
        }
        return p.coordinates.map { Float($0) }
    }

    static func communities(_ graph: Graph, seed: UInt64) -> [Int32] {
        Communities.louvain(graph, seed: seed).label
    }
}
