/// Screen point → node: a uniform grid of 16-pixel cells over the frame,
/// holding the nodes whose centres are on screen. Built in O(n) by counting
/// sort when the projection changed (lazily, at the first pick after it);
/// a query looks only at the cells within reach, so it costs O(nodes near
/// the point), independent of the graph's size for any sensible layout.
struct PickIndex {
    static let cell: Float = 16
    private(set) var version: UInt64 = .max
    private var columns = 0, rows = 0
    private var start: [Int32] = []
    private var items: [Int32] = []
    private var maxRadius: Float = 0

    mutating func rebuild(_ p: ScreenProjection) {
        version = p.version
        columns = max(Int((Float(p.width) / Self.cell).rounded(.up)), 1)
        rows = max(Int((Float(p.height) / Self.cell).rounded(.up)), 1)
        let cells = columns * rows
        start = Array(repeating: 0, count: cells + 1)
        maxRadius = 0
        let n = p.x.count
        var cellOf = [Int32](repeating: -1, count: n)
        for i in 0..<n where p.x[i].isFinite {
            let cx = Int((p.x[i] / Self.cell).rounded(.down)), cy = Int((p.y[i] / Self.cell).rounded(.down))
            guard cx >= 0, cy >= 0, cx < columns, cy < rows else { continue }
            let c = cy * columns + cx
            cellOf[i] = Int32(c)
            start[c + 1] += 1
            maxRadius = max(maxRadius, p.radius[i])
        }
        for c in 0..<cells { start[c + 1] += start[c] }
        items = Array(repeating: 0, count: Int(start[cells]))
        var fill = start
        for i in 0..<n where cellOf[i] >= 0 {
            let c = Int(cellOf[i])
            items[Int(fill[c])] = Int32(i)
            fill[c] += 1
        }
    }

    /// The node under (x, y): any whose disc is within `tolerance` pixels.
    /// In 2D the nearest centre wins; in 3D the one nearest the viewer.
    func pick(x: Float, y: Float, tolerance: Float, in p: ScreenProjection) -> Int? {
        guard x.isFinite, y.isFinite, !start.isEmpty else { return nil }
        let reach = maxRadius + tolerance
        let x0 = max(Int(((x - reach) / Self.cell).rounded(.down)), 0)
        let x1 = min(Int(((x + reach) / Self.cell).rounded(.down)), columns - 1)
        let y0 = max(Int(((y - reach) / Self.cell).rounded(.down)), 0)
        let y1 = min(Int(((y + reach) / Self.cell).rounded(.down)), rows - 1)
        guard x0 <= x1, y0 <= y1 else { return nil }
        var best: Int?
        var bestKey = Float.infinity
        for cy in y0...y1 {
            for cx in x0...x1 {
                let c = cy * columns + cx
                for k in Int(start[c])..<Int(start[c + 1]) {
                    let i = Int(items[k])
                    let dx = p.x[i] - x, dy = p.y[i] - y
                    let d = (dx * dx + dy * dy).squareRoot()
                    guard d <= p.radius[i] + tolerance else { continue }
                    // Ties (same depth or distance) go to the higher index: it is drawn on top.
                    let key = p.dimension == 3 ? p.depth[i] : d
                    if key <= bestKey { bestKey = key; best = i }
                }
            }
        }
        return best
    }
}
