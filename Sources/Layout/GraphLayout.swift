import GraphCore

/// A finished layout and how it got there.
public struct LayoutResult: Sendable {
    public var positions: LayoutPositions
    public var algorithm: LayoutAlgorithm
    public var iterations: Int
    public var converged: Bool
    /// The last step's ForceAtlas2 global speed or step length (0 for one-shot layouts).
    public var globalSpeed: Double
}

/// Computes a layout on the calling thread (plus the worker pool).
public enum GraphLayout {
    /// Iterations used by `--until-converged` at most, so no layout runs forever.
    public static let convergenceCap = 20_000

    /// Lays out `graph`. Iterative algorithms run `iterations` steps, or until
    /// converged (at most `convergenceCap`) when `iterations` is nil; one-shot
    /// algorithms ignore the count. Starts from `initial` when given.
    /// `progress`, when given, hears where a multilevel layout stands a few
    /// times a second (for a progress line); the result is the same.
    public static func compute(_ graph: Graph, algorithm: LayoutAlgorithm,
                               parameters: LayoutParameters = LayoutParameters(),
                               iterations: Int? = nil, initial: LayoutPositions? = nil,
                               progress: ((LayoutProgress) -> Void)? = nil) throws -> LayoutResult {
        if let iterations, iterations < 0 { throw GraphError(source: "iterations", "must be at least 0, got \(iterations)") }
        LayoutTrace.note("layout \(algorithm.rawValue): \(graph.nodeCount) nodes")
        let session = try LayoutSession(graph: graph, algorithm: algorithm, parameters: parameters, initial: initial)
        LayoutTrace.note("session ready")
        // Nothing to show between steps: all at once, or in tenths of a second to report progress.
        session.multilevelSlice = progress == nil ? nil : 0.1
        if algorithm.isIterative {
            let limit = iterations ?? convergenceCap
            while session.iteration < limit {
                session.step()
                if iterations == nil && session.converged { break }
            }
        } else if iterations != 0 {
            repeat {
                session.step()
                if let progress, let p = session.progress { progress(p) }
            } while !session.converged
        }
        return LayoutResult(positions: session.positions.positions, algorithm: algorithm,
                            iterations: session.iteration, converged: session.converged,
                            globalSpeed: session.globalSpeed)
    }
}
