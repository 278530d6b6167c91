/// The theme's fixed colours (1…256). The renderer draws with exactly these
/// colours (plus blend levels the theme adds as entries), so frames map to
/// palette indices without a quantization pass.
public struct Palette: Sendable, Equatable {
    /// The colours, index = sixel colour register before compaction.
    public let colors: [RGB]

    /// A palette of 1…256 colours.
    public init(_ colors: [RGB]) throws(TerminalGraphicsError) {
        guard (1...256).contains(colors.count) else {
            throw TerminalGraphicsError("palette: expected 1…256 colours, found \(colors.count)")
        }
        self.colors = colors
    }

    /// The palette plus `levels` blends of every colour toward `background`
    /// (the faded edges and dimmed nodes a renderer draws), capped at 256.
    public func addingBlends(toward background: RGB, levels: Int) -> Palette {
        var out = colors
        guard levels > 0 else { return self }
        for level in 1...levels {
            let t = Double(level) / Double(levels + 1)
            for c in colors where c != background {
                guard out.count < 256 else { break }
                let mix = RGB.blend(c, background, t)
                if !out.contains(mix) { out.append(mix) }
            }
        }
        return (try? Palette(out)) ?? self
    }

    /// Tangle's default dark theme: background, edge grey, text, and twelve
    /// categorical colours (colour-blind-friendly set).
    public static let tangleDark: Palette = {
        let hex: [UInt32] = [
            0x101318, 0x3a4150, 0xd8dee9, 0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2,
            0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac, 0x86bcb6,
            0xffffff, 0x000000,
        ]
        return try! Palette(hex.map { RGB(hex: $0) })
    }()
}

extension RGB {
    /// `a` moved toward `b` by `t` (0 = a, 1 = b), rounded.
    public static func blend(_ a: RGB, _ b: RGB, _ t: Double) -> RGB {
        func mix(_ x: UInt8, _ y: UInt8) -> UInt8 {
            UInt8((Double(x) * (1 - t) + Double(y) * t).rounded())
        }
        return RGB(mix(a.r, b.r), mix(a.g, b.g), mix(a.b, b.b))
    }
}
