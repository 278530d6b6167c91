/// Positions of a graph's nodes: `dimension` (2 or 3) coordinates per node,
/// interleaved (x0, y0[, z0], x1, …), indexed like the graph's nodes.
public struct LayoutPositions: Sendable, Equatable {
    public let dimension: Int
    public var coordinates: [Double]

    public init(dimension: Int, coordinates: [Double]) {
        self.dimension = dimension
        self.coordinates = coordinates
    }

    /// All nodes at the origin.
    public init(count: Int, dimension: Int) {
        self.init(dimension: dimension, coordinates: [Double](repeating: 0, count: count * dimension))
    }

    public var count: Int { dimension == 0 ? 0 : coordinates.count / dimension }

    /// Coordinate `axis` of `node`.
    public subscript(node: Int, axis: Int) -> Double {
        get { coordinates[node * dimension + axis] }
        set { coordinates[node * dimension + axis] = newValue }
    }

    /// True when no coordinate is NaN or infinite.
    public var allFinite: Bool { coordinates.allSatisfy(\.isFinite) }
}
