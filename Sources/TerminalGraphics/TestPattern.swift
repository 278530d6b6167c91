import TangleBasics

/// Synthetic frames in palette colours (what the renderer draws: a
/// background, thin edges, filled discs) for tests, the benchmark and
/// `tangle gfx-test`. Deterministic for a seed.
public enum TestPattern {
    /// A graph-like frame: `edges` one-pixel lines then `nodes` discs of
    /// radius 1…`maxRadius`, colours from `palette` (entry 0 is the background,
    /// entry 1 the edge colour, the rest node colours).
    public static func graph(width: Int, height: Int, nodes: Int, edges: Int, maxRadius: Int = 3,
                             palette: Palette = .tangleDark, seed: UInt64 = 1) -> RGBAImage {
        let colors = palette.colors
        var image = RGBAImage(width: width, height: height, fill: colors[0])
        var rng = SplitMix64(seed: seed)
        let edgeColor = colors[min(1, colors.count - 1)]
        var points: [(Int, Int)] = []
        for _ in 0..<max(1, nodes) {
            points.append((rng.below(max(1, width)), rng.below(max(1, height))))
        }
        for _ in 0..<edges {
            let a = points[rng.below(points.count)], b = points[rng.below(points.count)]
            // Edges join near nodes, as a laid-out graph's do.
            let bx = (a.0 + (b.0 - a.0) / 8), by = (a.1 + (b.1 - a.1) / 8)
            drawLine(&image, a.0, a.1, bx, by, edgeColor)
        }
        for (i, p) in points.enumerated().prefix(nodes) {
            let c = colors.count > 2 ? colors[2 + i % (colors.count - 2)] : colors[colors.count - 1]
            fillDisc(&image, p.0, p.1, 1 + rng.below(max(1, maxRadius)), c)
        }
        return image
    }

    /// A dense frame: large overlapping discs cover most of the picture,
    /// with many long edges across it.
    public static func dense(width: Int, height: Int, palette: Palette = .tangleDark, seed: UInt64 = 2) -> RGBAImage {
        let colors = palette.colors
        var image = RGBAImage(width: width, height: height, fill: colors[0])
        var rng = SplitMix64(seed: seed)
        let area = width * height
        for _ in 0..<max(1, area / 2000) {
            drawLine(&image, rng.below(width), rng.below(height), rng.below(width), rng.below(height),
                     colors[1 % colors.count])
        }
        for i in 0..<max(1, area / 600) {
            fillDisc(&image, rng.below(width), rng.below(height), 4 + rng.below(14), colors[(2 + i) % colors.count])
        }
        return image
    }

    /// Quadrants of four palette colours with a disc in the middle: easy to
    /// find in a screenshot.
    public static func quadrants(width: Int, height: Int, colors c: [RGB]) -> RGBAImage {
        var image = RGBAImage(width: width, height: height)
        for y in 0..<height {
            for x in 0..<width {
                let q = (y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)
                image.set(x: x, y: y, c[q % c.count])
            }
        }
        if c.count > 4 { fillDisc(&image, width / 2, height / 2, min(width, height) / 6, c[4]) }
        return image
    }

    /// Sets the pixels within `r` of (cx, cy).
    public static func fillDisc(_ image: inout RGBAImage, _ cx: Int, _ cy: Int, _ r: Int, _ c: RGB) {
        for y in (cy - r)...(cy + r) {
            for x in (cx - r)...(cx + r) where (x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r {
                image.set(x: x, y: y, c)
            }
        }
    }

    /// A one-pixel line (Bresenham).
    public static func drawLine(_ image: inout RGBAImage, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, _ c: RGB) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            image.set(x: x, y: y, c)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }
}
