/// Every colour the renderer uses, resolved from a theme file (see
/// `themes/README.md` for the format). Node colours come from `palette` by
/// category; categories past the end of the palette use `other`.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var description: String
    public var background: RGB
    /// Categorical node colours, colour-blind safe in the built-in themes.
    public var palette: [RGB]
    /// Nodes whose category is past the palette, or that have none.
    public var other: RGB
    /// Continuous node colours for numbers, low to high (2–16 stops, blended
    /// between); empty means `Theme.defaultRamp`.
    public var ramp: [RGB] = []
    public var outline: RGB
    /// Outline width in pixels.
    public var outlineWidth: Float
    public var edge: RGB
    /// Opacity of one edge line (many overlapping edges add up).
    public var edgeAlpha: Float
    /// Fill of the selected node and the ring of its neighbours and edges.
    public var highlight: RGB
    /// Ring around nodes that match a search.
    public var match: RGB
    /// The colour other nodes fade towards while something is selected.
    public var dim: RGB
    /// How far (0…1) they fade.
    public var dimAmount: Float
    public var label: RGB
    public var labelBackground: RGB
    public var labelBackgroundAlpha: Float

    /// The fixed colours a frame in this theme is made of, for indexed-colour
    /// encoders (sixel): they map pixels to these without per-frame quantization.
    public var indexedPalette: IndexedPalette { IndexedPalette(theme: self) }
    /// The few colours moving pictures are sent in (`IndexedPalette(movingFor:)`).
    public var movingPalette: IndexedPalette { IndexedPalette(movingFor: self) }

    /// The colour of category `c` (negative or past the palette: `other`);
    /// categories from `rampBase` on are steps of the continuous ramp.
    @inlinable
    public func color(ofCategory c: Int32) -> RGB {
        if c >= Theme.rampBase { return rampColor(Double(c - Theme.rampBase) / Double(Theme.rampSteps - 1)) }
        return c >= 0 && Int(c) < palette.count ? palette[Int(c)] : other
    }

    /// Viridis (perceptually uniform, colour-blind safe), for themes without a ramp.
    public static let defaultRamp: [RGB] = [RGB(0x44, 0x01, 0x54), RGB(0x3b, 0x52, 0x8b), RGB(0x21, 0x91, 0x8c),
                                            RGB(0x5e, 0xc9, 0x62), RGB(0xfd, 0xe7, 0x25)]
    /// Continuous colours are drawn in this many steps (the sixel palette holds each).
    public static let rampSteps: Int32 = 32
    /// The category of ramp step 0; `rampCategory` gives the others.
    public static let rampBase: Int32 = 1 << 24

    /// The category that shows `t` (0…1, clamped) on the ramp.
    public static func rampCategory(_ t: Double) -> Int32 {
        let x = t.isFinite ? min(max(t, 0), 1) : 0
        return rampBase + Int32((x * Double(rampSteps - 1)).rounded())
    }

    /// The ramp's colour at `t` (0…1), blended between its stops.
    public func rampColor(_ t: Double) -> RGB {
        let stops = ramp.isEmpty ? Theme.defaultRamp : ramp
        let x = (t.isFinite ? min(max(t, 0), 1) : 0) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        return stops[i].mixed(with: stops[i + 1], Float(x - Double(i)))
    }

    /// The default theme (`themes/dark.json`).
    public static var dark: Theme { ThemeLibrary.builtin("dark")! }
}
