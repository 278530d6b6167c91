/// Positions, colours and sizes a graph file carries for its nodes, found in
/// the node attributes the readers keep:
///
/// - GEXF `viz:position`, `viz:color`, `viz:size` (the reader stores them
///   as `viz.x`, `viz.y`, `viz.z`, `viz.color`, `viz.size`);
/// - `x`, `y` and optionally `z` attributes (GraphML from yEd, Cytoscape or
///   NetworkX, JSON node-link, GML);
/// - GML `graphics [ x … y … ]` (read as `graphics.x`, `graphics.y`, `graphics.z`).
///
/// Positions count only when every node has them (a file with a few placed
/// nodes is laid out as usual); colours and sizes likewise.
public struct FileVisuals: Sendable, Equatable {
    /// `dimension` coordinates a node, node after node, or nil.
    public var positions: [Double]?
    public var dimension = 2
    /// Where the positions came from, for a person: "viz:position in the file".
    public var positionsSource: String?
    /// `viz:color` of every node, or nil.
    public var colors: [RGBBytes]?
    /// `viz:size` of every node, or nil.
    public var sizes: [Double]?

    /// A colour as three bytes.
    public struct RGBBytes: Sendable, Hashable {
        public var r: UInt8, g: UInt8, b: UInt8
        public init(r: UInt8, g: UInt8, b: UInt8) { self.r = r; self.g = g; self.b = b }

        /// `#rrggbb` (or `rrggbb`), as `viz.color` holds it.
        public init?(hex: String) {
            let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
            guard digits.count == 6, let v = UInt32(digits, radix: 16) else { return nil }
            self.init(r: UInt8(v >> 16), g: UInt8((v >> 8) & 0xFF), b: UInt8(v & 0xFF))
        }

        public var hex: String {
            "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }

    /// The coordinate attribute names each source uses, most specific first.
    static let positionSources: [(x: String, y: String, z: String, what: String)] = [
        ("viz.x", "viz.y", "viz.z", "viz:position in the file"),
        ("x", "y", "z", "x/y attributes in the file"),
        ("graphics.x", "graphics.y", "graphics.z", "graphics x/y in the file"),
    ]

    public init() {}

    /// What `g`'s node attributes carry.
    public init(of g: Graph) {
        let n = g.nodeCount
        let attrs = g.nodeAttributes
        func numbers(_ key: String) -> [Double]? {
            guard n > 0, let column = attrs.columns[key] else { return nil }
            var out = [Double](); out.reserveCapacity(n)
            for value in column {
                guard let value else { return nil }
                if case .bool = value { return nil }
                guard let d = value.number, d.isFinite else { return nil }
                out.append(d)
            }
            return out
        }
        for source in Self.positionSources {
            guard let xs = numbers(source.x), let ys = numbers(source.y) else { continue }
            // Gephi writes z="0.0" for 2D layouts: all-zero z is a 2D layout.
            let zs = numbers(source.z).flatMap { $0.allSatisfy { $0 == 0 } ? nil : $0 }
            let d = zs == nil ? 2 : 3
            var coordinates = [Double](); coordinates.reserveCapacity(n * d)
            for i in 0..<n {
                coordinates.append(xs[i]); coordinates.append(ys[i])
                if let zs { coordinates.append(zs[i]) }
            }
            positions = coordinates
            dimension = d
            positionsSource = source.what
            break
        }
        if n > 0, let column = attrs.columns["viz.color"] {
            let parsed = column.map { $0.flatMap { RGBBytes(hex: $0.text) } }
            if parsed.allSatisfy({ $0 != nil }) { colors = parsed.map { $0! } }
        }
        sizes = numbers("viz.size")
    }

    /// How many nodes have some position attribute, when not all do (for a note).
    public static func partialPositions(of g: Graph) -> (source: String, count: Int)? {
        for source in positionSources {
            guard let xs = g.nodeAttributes.columns[source.x], let ys = g.nodeAttributes.columns[source.y] else { continue }
            let count = zip(xs, ys).filter { $0.0?.number != nil && $0.1?.number != nil }.count
            if count > 0 && count < g.nodeCount { return (source.what, count) }
        }
        return nil
    }
}
