import GraphCore
import Synchronization

/// What to draw: the graph's edges, node positions and styles, and what the
/// person has selected or searched for. A value; the renderer uploads only
/// the parts whose revision changed since the last frame (positions with
/// `glBufferSubData` in place, styles, selection).
public struct Scene: Sendable {
    /// How edges are coloured.
    public enum EdgeColoring: String, Sendable, CaseIterable {
        /// The theme's edge colour.
        case uniform
        /// A blend from one endpoint's colour to the other's.
        case endpoints
        /// The colour of the endpoints' category when both share it, else the edge colour.
        case community
    }

    public let graph: Graph
    public var nodeCount: Int { graph.nodeCount }
    /// Edge endpoints, two per edge; self-loops left out (a node hides them).
    public let edges: [UInt32]
    /// Nodes by decreasing degree: labels go to the first ones.
    public let byDegree: [Int32]

    public private(set) var positions: [Float]
    public private(set) var dimension: Int
    /// Per node: index into the theme's palette (negative or past it: `other`).
    public private(set) var categories: [Int32]
    /// Per node: disc radius in pixels at the fitted zoom.
    public private(set) var sizes: [Float]

    /// The selected node: drawn in the highlight colour, its neighbours and
    /// edges ringed, everything else dimmed.
    public var selected: Int? { didSet { overlayRevision = Scene.nextRevision() } }
    /// Search matches: ringed in the match colour, labelled.
    public var matches: [Int] = [] { didSet { overlayRevision = Scene.nextRevision() } }
    /// Nodes a filter leaves out while they fade rather than disappear:
    /// drawn dimmed, as when something else is selected (nil: none).
    public var faded: [Bool]? { didSet { overlayRevision = Scene.nextRevision() } }
    /// Label text per node in place of the graph's labels (the explorer's
    /// `label METRIC`); nil entries keep the graph's label.
    public var labelTexts: [String?]? { didSet { overlayRevision = Scene.nextRevision() } }
    /// How many of the highest-degree nodes get labels (besides the selected and matches).
    public var topLabels: Int = 10
    public var showEdges = true
    public var edgeColoring: EdgeColoring = .endpoints
    /// What colour and size mean, drawn in a corner; nil for none.
    public var legend: Legend?

    private(set) var positionsRevision: UInt64
    private(set) var styleRevision: UInt64
    private(set) var overlayRevision: UInt64
    /// Identifies the graph (edge list) for the renderer's upload cache.
    let graphID: UInt64

    /// A scene of `graph` at `positions` (x,y[,z] per node); nodes sized by
    /// degree and coloured by degree bucket until `setStyle` says otherwise.
    public init(graph: Graph, positions: [Float], dimension: Int) throws {
        self.graph = graph
        edges = Scene.edgeEndpoints(graph)
        byDegree = graph.nodesByDecreasingDegree().map { Int32($0) }
        self.positions = []
        self.dimension = 2
        let style = NodeStyle.categories(byDegreeOf: graph)
        categories = style.categories
        sizes = NodeStyle.sizes(byDegreeOf: graph)
        legend = Legend(color: "degree", entries: style.names, size: "degree")
        graphID = Scene.nextRevision()
        positionsRevision = 0
        styleRevision = Scene.nextRevision()
        overlayRevision = Scene.nextRevision()
        try setPositions(positions, dimension: dimension)
    }

    /// Both ends of every edge but self-loops, in `forEachEdge` order, read
    /// straight from the adjacency rows (a million-node graph has millions).
    static func edgeEndpoints(_ graph: Graph) -> [UInt32] {
        let directed = graph.isDirected
        let offsets = graph.out.offsets, targets = graph.out.targets
        // Undirected rows hold each edge twice: one pair of endpoints per two entries.
        let capacity = directed ? 2 * targets.count : targets.count
        return [UInt32](unsafeUninitializedCapacity: capacity) { e, count in
            count = 0
            offsets.withUnsafeBufferPointer { o in
                targets.withUnsafeBufferPointer { t in
                    for u in 0..<graph.nodeCount {
                        for k in o[u]..<o[u + 1] {
                            let v = Int(t[k])
                            if v == u || (!directed && v < u) { continue }
                            e[count] = UInt32(u); e[count + 1] = UInt32(v)
                            count += 2
                        }
                    }
                }
            }
        }
    }

    /// New positions (a layout snapshot): x,y[,z] per node.
    public mutating func setPositions(_ p: [Float], dimension d: Int) throws {
        guard d == 2 || d == 3 else { throw RenderError("dimension must be 2 or 3, not \(d)") }
        guard p.count == nodeCount * d else {
            throw RenderError("expected \(nodeCount * d) coordinates (\(nodeCount) nodes × \(d)), found \(p.count)")
        }
        positions = p
        dimension = d
        positionsRevision = Scene.nextRevision()
    }

    /// Per-node categories (palette indices) and radii in pixels.
    public mutating func setStyle(categories c: [Int32], sizes s: [Float]) throws {
        guard c.count == nodeCount, s.count == nodeCount else {
            throw RenderError("style arrays need \(nodeCount) entries (categories \(c.count), sizes \(s.count))")
        }
        categories = c
        sizes = s.map { $0.isFinite ? min(max($0, 0.5), 60) : 2 }
        styleRevision = Scene.nextRevision()
    }

    /// Everything a picture of this scene depends on, to compare with the
    /// scene a picture was drawn from: equal revisions draw the same picture.
    public struct Revision: Sendable, Equatable {
        public let positions: UInt64, style: UInt64, overlay: UInt64
        public let showEdges: Bool
        public let topLabels: Int
        public let edgeColoring: EdgeColoring
        public let legend: Legend?
    }

    public var revision: Revision {
        Revision(positions: positionsRevision, style: styleRevision, overlay: overlayRevision, showEdges: showEdges,
                 topLabels: topLabels, edgeColoring: edgeColoring, legend: legend)
    }

    /// The label a person reads for a node.
    public func label(of node: Int) -> String {
        if let t = labelTexts, node < t.count, let text = t[node] { return text }
        return graph.label(of: node)
    }

    /// Nodes that the selection lights up: the selected one and its neighbours.
    func neighbours(of node: Int) -> [Int] { graph.undirectedNeighbours(node) }

    private static let counter = Atomic<UInt64>(0)
    static func nextRevision() -> UInt64 { counter.add(1, ordering: .relaxed).newValue }
}

/// The small key drawn in a corner: what colour and size mean.
public struct Legend: Sendable, Equatable {
    /// What colour shows, e.g. "community", "degree", "club".
    public var color: String
    /// Names of the categories in palette order.
    public var entries: [String]
    /// What size shows, e.g. "degree"; nil when all nodes are one size.
    public var size: String?
    /// When colour shows a number on the theme's ramp: its range (drawn as a
    /// gradient bar from min to max instead of `entries`).
    public var colorScale: Scale?
    /// When size shows a number: its range.
    public var sizeScale: Scale?

    /// The range of a number a legend shows.
    public struct Scale: Sendable, Equatable {
        public var min: Double
        public var max: Double
        public init(min: Double, max: Double) {
            self.min = min
            self.max = max
        }
    }

    public init(color: String, entries: [String], size: String?, colorScale: Scale? = nil, sizeScale: Scale? = nil) {
        self.color = color
        self.entries = entries
        self.size = size
        self.colorScale = colorScale
        self.sizeScale = sizeScale
    }
}
