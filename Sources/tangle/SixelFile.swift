import Foundation
import GraphCore
import Render
import TerminalGraphics

/// `tangle render -o x.six`: the frame through the theme's fixed palette and
/// our sixel encoder, exactly as the explorer sends it to a terminal.
enum SixelFile {
    static func encode(_ frame: Frame, theme: Theme) throws -> [UInt8] {
        let palette = try Palette(theme.indexedPalette.colors.prefix(256).map { TerminalGraphics.RGB($0.r, $0.g, $0.b) })
        guard let image = RGBAImage(width: frame.width, height: frame.height, stride: frame.stride, pixels: frame.copyBytes()) else {
            throw RenderError("frame of \(frame.width)×\(frame.height) cannot be encoded")
        }
        var bytes: [UInt8] = []
        try SixelEncoder(threads: 2).encode(image, palette: palette, into: &bytes)
        return bytes
    }
}
