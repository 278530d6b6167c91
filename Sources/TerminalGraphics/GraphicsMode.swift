/// How the picture reaches the terminal; `--graphics auto|sixel|kitty|blocks|braille|none`.
public enum GraphicsMode: String, CaseIterable, Sendable {
    /// Pick from the detected capabilities.
    case auto
    /// Sixel images (our band encoder).
    case sixel
    /// Kitty graphics protocol.
    case kitty
    /// Half-block cells (`▀`), two pixels a cell.
    case blocks
    /// Braille cells, eight pixels a cell.
    case braille
    /// No picture.
    case none

    /// Parses an override; nil for an unknown word.
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// Parses an override or throws a message listing the choices.
    public static func parse(_ text: String) throws(TerminalGraphicsError) -> GraphicsMode {
        guard let mode = GraphicsMode(argument: text) else {
            let choices = allCases.map(\.rawValue).joined(separator: "|")
            throw TerminalGraphicsError("--graphics: expected \(choices), found '\(text)'")
        }
        return mode
    }

    /// The mode to use with `caps`: an explicit choice stands (the person knows
    /// their terminal); `auto` takes kitty, then sixel, then half blocks.
    /// Kitty comes first: its frames replace each other by id and zlib keeps
    /// flat graph frames small.
    public func resolved(for caps: TerminalCapabilities) -> GraphicsMode {
        guard self == .auto else { return self }
        if caps.kittyGraphics { return .kitty }
        if caps.sixel { return .sixel }
        return .blocks
    }

    /// True for the pixel protocols (sixel, kitty).
    public var isPixelProtocol: Bool { self == .sixel || self == .kitty }
}
