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

    /// The colour of category `c` (negative or past the palette: `other`).
    @inlinable
    public func color(ofCategory c: Int32) -> RGB {
        c >= 0 && Int(c) < palette.count ? palette[Int(c)] : other
    }

    /// The default theme (`themes/dark.json`).
    public static var dark: Theme { ThemeLibrary.builtin("dark")! }
}
