/// Turns an RGBA frame into one terminal image sequence (sixel DCS, kitty
/// APC). Encoders keep scratch buffers between frames, so keep one encoder
/// per output and do not share it between threads.
public protocol PixelEncoder {
    /// Appends the complete escape sequence for `image` to `out`. Palette-based
    /// encoders map pixels to `palette`; others ignore it.
    mutating func encode(_ image: RGBAImage, palette: Palette, into out: inout [UInt8]) throws(TerminalGraphicsError)
}
