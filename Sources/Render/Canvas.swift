/// Pixel drawing on a finished frame (labels, legend), clipped to the frame:
/// nothing is ever written outside it. Colours blend over what is there.
struct Canvas {
    let base: UnsafeMutablePointer<UInt8>
    let width: Int
    let height: Int
    let stride: Int

    @inline(__always)
    func blend(_ x: Int, _ y: Int, _ c: RGB, _ alpha: Float) {
        guard x >= 0, y >= 0, x < width, y < height, alpha > 0 else { return }
        let p = base + y * stride + x * 4
        let a = min(alpha, 1)
        p[0] = UInt8((Float(p[0]) * (1 - a) + Float(c.r) * a).rounded())
        p[1] = UInt8((Float(p[1]) * (1 - a) + Float(c.g) * a).rounded())
        p[2] = UInt8((Float(p[2]) * (1 - a) + Float(c.b) * a).rounded())
        p[3] = 255
    }

    func fillRect(x: Int, y: Int, width w: Int, height h: Int, _ c: RGB, alpha: Float) {
        let x0 = max(x, 0), y0 = max(y, 0), x1 = min(x + w, width), y1 = min(y + h, height)
        guard x0 < x1, y0 < y1 else { return }
        for yy in y0..<y1 { for xx in x0..<x1 { blend(xx, yy, c, alpha) } }
    }

    /// Draws `text` with its cell's top-left at (x, y); returns the width used.
    @discardableResult
    func drawText(_ text: String, x: Int, y: Int, _ c: RGB, font: FontAtlas) -> Int {
        var cx = x
        for s in text.unicodeScalars {
            if cx >= width { break }
            if cx + font.cellWidth > 0 && y < height && y + font.cellHeight > 0 {
                let glyph = font.coverage(s)
                var k = glyph.startIndex
                for gy in 0..<font.cellHeight {
                    for gx in 0..<font.cellWidth {
                        let cover = glyph.isEmpty ? 0 : glyph[k]
                        k += 1
                        if cover > 0 { blend(cx + gx, y + gy, c, Float(cover) / 255) }
                    }
                }
            }
            cx += font.cellWidth
        }
        return cx - x
    }

    /// Draws `text` over a one-pixel halo of `halo` around its glyphs (the
    /// coverage dilated by a pixel), so it reads over edges without a box
    /// hiding what lies beneath; returns the width used.
    @discardableResult
    func drawText(_ text: String, x: Int, y: Int, _ c: RGB, halo: RGB, font: FontAtlas) -> Int {
        let w = font.width(of: text) + 2, h = font.cellHeight + 2
        var mask = [UInt8](repeating: 0, count: w * h)
        var cx = 1
        for s in text.unicodeScalars {
            let glyph = font.coverage(s)
            if !glyph.isEmpty {
                var k = glyph.startIndex
                for gy in 0..<font.cellHeight {
                    for gx in 0..<font.cellWidth {
                        let cover = glyph[k]
                        k += 1
                        guard cover > 0 else { continue }
                        for dy in 0...2 {
                            for dx in 0...2 {
                                let i = (gy + dy) * w + cx + gx + dx - 1
                                mask[i] = max(mask[i], cover)
                            }
                        }
                    }
                }
            }
            cx += font.cellWidth
        }
        for my in 0..<h {
            for mx in 0..<w where mask[my * w + mx] > 0 {
                blend(x + mx - 1, y + my - 1, halo, Float(mask[my * w + mx]) / 255 * 0.9)
            }
        }
        return drawText(text, x: x, y: y, c, font: font)
    }

    /// An anti-aliased disc with an outline, as the node shader draws one.
    func fillDisc(cx: Float, cy: Float, radius r: Float, _ fill: RGB, outline: RGB, outlineWidth: Float) {
        let x0 = Int((cx - r - 1).rounded(.down)), x1 = Int((cx + r + 1).rounded(.up))
        let y0 = Int((cy - r - 1).rounded(.down)), y1 = Int((cy + r + 1).rounded(.up))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let dx = Float(x) + 0.5 - cx, dy = Float(y) + 0.5 - cy
                let d = (dx * dx + dy * dy).squareRoot()
                let cover = min(max(r + 0.5 - d, 0), 1)
                guard cover > 0 else { continue }
                let inner = min(max(r - outlineWidth + 0.5 - d, 0), 1)
                blend(x, y, outline.mixed(with: fill, inner), cover)
            }
        }
    }
}
