import GraphCore

/// The layouts Tangle computes. Raw values are the names the CLI accepts.
public enum LayoutAlgorithm: String, CaseIterable, Sendable {
    case forceAtlas2 = "fa2"
    case fruchtermanReingold = "fr"
    case multilevel
    case spectral
    case circular
    case random

    /// True for the algorithms that improve step by step (the others place
    /// every node in one go).
    public var isIterative: Bool { self == .forceAtlas2 || self == .fruchtermanReingold }

    /// Multilevel above `threshold` nodes, ForceAtlas2 below.
    public static func automatic(nodeCount: Int, threshold: Int = LayoutParameters().multilevelThreshold) -> LayoutAlgorithm {
        nodeCount > threshold ? .multilevel : .forceAtlas2
    }
}

/// How Fruchterman–Reingold finds repulsion.
public enum RepulsionMethod: String, CaseIterable, Sendable {
    /// Every pair, with far groups taken whole (Barnes–Hut, error set by θ).
    case barnesHut
    /// Only pairs closer than twice the natural edge length (FR's grid variant).
    case grid
}

/// Every tunable of every layout. Any value may change while a layout runs;
/// `validate()` refuses values outside their range and names the range.
public struct LayoutParameters: Sendable, Equatable {
    /// 2 or 3.
    public var dimension = 2
    public var seed: UInt64 = 1
    /// Threads for force computation (the calling or layout thread counts as one).
    public var threads = 2
    /// Barnes–Hut opening criterion: a cell of width w at distance d is taken
    /// whole when w/d < θ. 0 is exact (O(n²)).
    public var theta = 1.0

    // ForceAtlas2 (Jacomy et al. 2014).
    /// k_r: repulsion strength; larger spreads the layout.
    public var scaling = 2.0
    /// k_g: pull towards the origin, keeps components together.
    public var gravity = 1.0
    /// Gravity grows with distance (k_g·m·d) instead of constant (k_g·m).
    public var strongGravity = false
    /// Attraction log(1 + d) instead of d: tighter clusters.
    public var linLog = false
    /// δ: attraction multiplied by weight^δ (0 ignores weights).
    public var edgeWeightInfluence = 1.0
    /// Attraction divided by the node's mass (degree + 1): hubs move to the periphery.
    public var dissuadeHubs = false
    /// Nodes repel by the gap between their discs (node sizes) and push hard when they overlap.
    public var preventOverlap = false
    /// Node radius used by preventOverlap when no per-node sizes are given.
    public var nodeSize = 1.0
    /// τ: how much swinging the global speed tolerates.
    public var jitterTolerance = 1.0

    // Fruchterman–Reingold and the multilevel refinement.
    public var repulsion = RepulsionMethod.barnesHut
    /// FR's cooling factor per step for the temperature (step limit).
    public var cooling = 0.95
    /// Pull towards the origin for FR, so components do not drift apart.
    public var frGravity = 0.05

    /// Above this many nodes the automatic choice is multilevel.
    public var multilevelThreshold = 2500
    /// A layout is converged when the mean move per step falls below this
    /// fraction of the mean edge length.
    public var convergenceTolerance = 0.002

    public init() {}

    /// Allowed ranges, by parameter name (the CLI's option names).
    public static var ranges: [(name: String, range: ClosedRange<Double>, keyPath: KeyPath<LayoutParameters, Double>)] { [
        ("theta", 0...4, \.theta),
        ("scaling", 1e-6...1e6, \.scaling),
        ("gravity", 0...1e6, \.gravity),
        ("edge-weight-influence", 0...10, \.edgeWeightInfluence),
        ("node-size", 0...1e6, \.nodeSize),
        ("jitter-tolerance", 1e-4...1e4, \.jitterTolerance),
        ("cooling", 0.5...0.999, \.cooling),
        ("fr-gravity", 0...1e3, \.frGravity),
        ("convergence-tolerance", 1e-9...1, \.convergenceTolerance),
    ] }

    /// Throws a GraphError naming the first parameter outside its allowed range.
    public func validate() throws {
        if dimension != 2 && dimension != 3 {
            throw GraphError(source: "dim", "must be 2 or 3, got \(dimension)")
        }
        if !(1...64).contains(threads) {
            throw GraphError(source: "threads", "must be in 1...64, got \(threads)")
        }
        if multilevelThreshold < 0 {
            throw GraphError(source: "multilevel-threshold", "must be at least 0, got \(multilevelThreshold)")
        }
        for (name, range, kp) in Self.ranges {
            let v = self[keyPath: kp]
            if !(v.isFinite && range.contains(v)) {
                throw GraphError(source: name, "must be in \(range.lowerBound)...\(range.upperBound), got \(v)")
            }
        }
    }
}
