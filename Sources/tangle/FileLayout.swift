import GraphCore
import Layout
import Render

/// Positions, colours and sizes the graph file carried (`FileVisuals`),
/// in the shapes the layout, the renderer and the explorer take.
struct FileLayout {
    let visuals: FileVisuals

    init(_ graph: Graph) { visuals = FileVisuals(of: graph) }

    var positionsSource: String? { visuals.positionsSource }

    /// The file's positions in `dimension` (a 3D layout seen in 2D drops z;
    /// a 2D one is not stretched into 3D), or nil.
    func positions(dimension d: Int) -> LayoutPositions? {
        guard let p = visuals.positions else { return nil }
        let fd = visuals.dimension
        if fd == d { return LayoutPositions(dimension: d, coordinates: p) }
        guard fd == 3 && d == 2 else { return nil }
        var flat = [Double](); flat.reserveCapacity(p.count / 3 * 2)
        for i in stride(from: 0, to: p.count, by: 3) { flat.append(p[i]); flat.append(p[i + 1]) }
        return LayoutPositions(dimension: 2, coordinates: flat)
    }

    /// `viz:color` of every node, or nil.
    var colors: [RGB]? { visuals.colors?.map { RGB($0.r, $0.g, $0.b) } }

    /// `viz:size` as node radii in the renderer's range for this many nodes, or nil.
    var radii: [Float]? {
        guard let sizes = visuals.sizes else { return nil }
        let r = NodeStyle.radiusRange(nodeCount: sizes.count)
        return NodeStyle.sizes(values: sizes, minRadius: r.min, maxRadius: r.max)
    }

    /// The file's colours as categories over a palette of its distinct
    /// colours (at most `limit`, so indexed output keeps them), or nil.
    func colorCategories(limit: Int = 24) -> (categories: [Int32], palette: [RGB])? {
        guard let colors else { return nil }
        var index: [RGB: Int32] = [:]
        var palette: [RGB] = []
        var categories: [Int32] = []
        categories.reserveCapacity(colors.count)
        for c in colors {
            if let i = index[c] { categories.append(i); continue }
            guard palette.count < limit else { return nil }
            index[c] = Int32(palette.count)
            categories.append(Int32(palette.count))
            palette.append(c)
        }
        return (categories, palette)
    }
}
