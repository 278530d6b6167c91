/// A theme's fixed colour table (≤ 256 entries) for indexed-colour output.
///
/// Built from the colours the renderer actually lays down: background, node
/// palette (plain, dimmed, and half over the background for anti-aliased
/// rims), edge colours over the background at the alphas that overlapping
/// edges reach, highlight, match, labels (with a few anti-aliasing steps).
/// An encoder maps each pixel to its nearest entry; `lookupTable()` makes
/// that a single table read.
public struct IndexedPalette: Sendable, Equatable {
    public let colors: [RGB]

    /// At most this many entries, whatever the theme says.
    public static let maxCount = 256

    public init(colors: [RGB]) {
        var seen = Set<RGB>()
        var unique: [RGB] = []
        for c in colors where seen.insert(c).inserted && unique.count < Self.maxCount { unique.append(c) }
        self.colors = unique
    }

    init(theme t: Theme) {
        var c: [RGB] = [t.background, t.other, t.outline, t.highlight, t.match, t.label, t.dim]
        let nodeColors = t.palette + [t.other]
        for p in nodeColors {
            c.append(p)
            c.append(p.mixed(with: t.dim, t.dimAmount))
            c.append(p.over(t.background, alpha: 0.5))
            c.append(p.over(t.background, alpha: t.edgeAlpha))
        }
        // k overlapping edges of alpha a cover 1 - (1 - a)^k.
        var cover: Float = 0
        for _ in 0..<6 {
            cover = 1 - (1 - cover) * (1 - t.edgeAlpha)
            c.append(t.edge.over(t.background, alpha: cover))
        }
        c.append(t.edge.over(t.background, alpha: t.edgeAlpha * (1 - t.dimAmount)))
        c.append(t.highlight.over(t.background, alpha: 0.5))
        c.append(t.highlight.mixed(with: t.outline, 0.5))
        let box = t.labelBackground.over(t.background, alpha: t.labelBackgroundAlpha)
        c.append(box)
        for k in 1...4 { c.append(t.label.over(box, alpha: Float(k) / 5)) }
        // Continuous colours (colour by a number), plain and dimmed.
        for s in 0..<Theme.rampSteps {
            let r = t.color(ofCategory: Theme.rampBase + s)
            c.append(r)
            c.append(r.mixed(with: t.dim, t.dimAmount))
        }
        self.init(colors: c)
    }

    /// The small subset for pictures in motion (fewer colours make smaller
    /// sixel frames on a slow link): background, the first eight node
    /// colours, two steps of edge cover, selection, matches and labels. Anti-aliased rims
    /// and dimmed variants fall to their nearest entry.
    public init(movingFor t: Theme) {
        var c: [RGB] = [t.background, t.other, t.highlight, t.match, t.label]
        c += t.palette.prefix(8)
        var cover: Float = 0
        for k in 0..<6 {
            cover = 1 - (1 - cover) * (1 - t.edgeAlpha)
            if k == 0 || k == 3 { c.append(t.edge.over(t.background, alpha: cover)) }
        }
        self.init(colors: c)
    }

    /// Index of exactly this colour, if it is an entry.
    public func index(of color: RGB) -> Int? { colors.firstIndex(of: color) }

    /// Index of the entry nearest to (r, g, b) in squared RGB distance.
    public func nearest(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Int {
        var best = 0
        var bestD = Int.max
        for (i, c) in colors.enumerated() {
            let dr = Int(c.r) - Int(r), dg = Int(c.g) - Int(g), db = Int(c.b) - Int(b)
            let d = dr * dr + dg * dg + db * db
            if d < bestD { bestD = d; best = i }
        }
        return best
    }

    /// A 32×32×32 table: `table[(r>>3)<<10 | (g>>3)<<5 | b>>3]` is the index
    /// of the nearest entry to that cell's centre — per-pixel mapping is one
    /// read. Two entries closer than 8 levels may share a cell; `index(of:)`
    /// is exact.
    public func lookupTable() -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 32 * 32 * 32)
        for r in 0..<32 {
            for g in 0..<32 {
                for b in 0..<32 {
                    let i = nearest(UInt8(r << 3 | 4), UInt8(g << 3 | 4), UInt8(b << 3 | 4))
                    table[r << 10 | g << 5 | b] = UInt8(i)
                }
            }
        }
        return table
    }
}
