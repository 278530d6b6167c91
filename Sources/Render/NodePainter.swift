/// Interactive frames without GL: node discs and the selection's edges
/// painted on the CPU over the composited density layer, with the node
/// shader's arithmetic (same radius, outline, states, depth cue).
///
/// llvmpipe spends about a microsecond a point sprite here — primitive
/// setup, 4×4-pixel blocks, the readback into our buffer — where painting a
/// disc of a few pixels' radius costs a fraction of that; and a frame with
/// no GL work skips the clear, the finish and OSMesa's copy. Still (full
/// detail) frames keep GL. A painter draws only rows in `rows`, so two bands
/// of one frame can be painted at once.
struct NodePainter {
    let base: UnsafeMutablePointer<UInt8>
    let width: Int
    let stride: Int
    let rows: Range<Int>

    /// Colours 0…1, as the shader has them.
    struct Style {
        var background, outline, highlight, match, dim: SIMD3<Float>
        var dimAmount, outlineWidth: Float
        /// 3D depth cue: near depth and 1/(far − near); 0 for none.
        var fogNear, fogScale: Float
    }

    /// Node `i` as the node shader draws it in `state`.
    @inline(__always)
    func node(x: Float, y: Float, radius: Float, depth: Float, fill: SIMD3<Float>, state: UInt8, _ s: Style) {
        var r = radius, fill = fill, ring = s.outline, ow = s.outlineWidth
        switch Shaders.State(rawValue: state) {
        case .selected?: fill = s.highlight; r = max(r * 1.4, r + 2); ow = max(ow, 1)
        case .match?: ring = s.match; ow = max(ow, 2); r += 1.5
        case .neighbour?: ring = s.highlight; ow = max(ow, 1.5)
        case .dimmed?:
            fill += (s.dim - fill) * s.dimAmount
            ring += (s.dim - ring) * s.dimAmount
        default: break
        }
        if s.fogScale > 0 {
            let t = min(max((depth - s.fogNear) * s.fogScale, 0), 1) * 0.65
            fill += (s.background - fill) * t
            ring += (s.background - ring) * t
        }
        disc(cx: x, cy: y, radius: r, ringWidth: min(ow, r * 0.45), fill: fill * 255, ring: ring * 255)
    }

    /// An anti-aliased disc: coverage clamp(r + ½ − d), ring blending into
    /// fill over the inner clamp(r − ringWidth + ½ − d), d from pixel centres.
    func disc(cx: Float, cy: Float, radius r: Float, ringWidth: Float, fill: SIMD3<Float>, ring: SIMD3<Float>) {
        let reach = r + 0.5
        guard cx.isFinite, cy.isFinite, r > 0, cx + reach > 0, cx - reach < Float(width),
              cy + reach > Float(rows.lowerBound), cy - reach < Float(rows.upperBound) else { return }
        let x0 = max(Int(cx - reach), 0), x1 = min(Int(cx + reach), width - 1)
        let y0 = max(Int(cy - reach), rows.lowerBound), y1 = min(Int(cy + reach), rows.upperBound - 1)
        guard x0 <= x1, y0 <= y1 else { return }
        let inner = r - ringWidth + 0.5
        let lanes = SIMD4<Float>(0.5, 1.5, 2.5, 3.5) - cx
        let last = Float(x1) + 1 - SIMD4<Float>(0, 1, 2, 3)
        for y in y0...y1 {
            let dy = Float(y) + 0.5 - cy
            let dy2 = dy * dy
            let p = base + y * stride
            var x = x0
            while x + 4 <= width && x <= x1 {
                // Four pixels at once; lanes past x1 get coverage 0 (left as they are).
                let fx = Float(x)
                let dx = lanes + fx
                let d = (dx * dx + dy2).squareRoot()
                let cover = unitClamp(reach - d) * unitClamp(last - fx)
                let t = unitClamp(inner - d)
                let q = UnsafeMutableRawPointer(p + 4 * x)
                let px = q.loadUnaligned(as: SIMD4<UInt32>.self)
                let pr = float(px & 0xFF), pg = float((px &>> 8) & 0xFF), pb = float((px &>> 16) & 0xFF)
                let cr = ring.x + (fill.x - ring.x) * t, cg = ring.y + (fill.y - ring.y) * t
                let cb = ring.z + (fill.z - ring.z) * t
                let out = byte(pr + (cr - pr) * cover) | (byte(pg + (cg - pg) * cover) &<< 8)
                    | (byte(pb + (cb - pb) * cover) &<< 16) | (px & 0xFF00_0000)
                q.storeBytes(of: out, as: SIMD4<UInt32>.self)
                x += 4
            }
            // At the frame's right edge, pixel by pixel.
            while x <= x1 {
                let dx = Float(x) + 0.5 - cx
                let d = (dx * dx + dy2).squareRoot()
                let cover = min(reach - d, 1)
                if cover > 0 { blend(p + 4 * x, ring + (fill - ring) * min(max(inner - d, 0), 1), cover) }
                x += 1
            }
        }
    }

    /// A one-pixel line as GL rasterizes GL_LINES without smoothing: along
    /// the major axis, each pixel whose centre lies in [start, end) gets the
    /// pixel the line crosses there; alpha goes from a0 to a1. Colour 0…255.
    func line(x0: Float, y0: Float, x1: Float, y1: Float, color: SIMD3<Float>, a0: Float, a1: Float) {
        guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite, x0 != x1 || y0 != y1 else { return }
        let xMajor = abs(x1 - x0) >= abs(y1 - y0)
        // (u, v): major and minor coordinates, u increasing.
        var (u0, v0, u1, v1, b0, b1) = xMajor ? (x0, y0, x1, y1, a0, a1) : (y0, x0, y1, x1, a0, a1)
        if u1 < u0 { (u0, v0, u1, v1, b0, b1) = (u1, v1, u0, v0, b1, b0) }
        let lo = xMajor ? 0 : rows.lowerBound, hi = xMajor ? width : rows.upperBound
        let first = Int(min(max((u0 - 0.5).rounded(.up), Float(lo)), Float(hi)))
        let end = Int(min(max((u1 - 0.5).rounded(.up), Float(lo)), Float(hi)))
        guard first < end else { return }
        let slope = (v1 - v0) / (u1 - u0), inv = 1 / (u1 - u0)
        let minorLimit = xMajor ? rows : 0..<width
        for c in first..<end {
            let cu = Float(c) + 0.5
            let v = (v0 + slope * (cu - u0)).rounded(.down)
            guard v >= Float(minorLimit.lowerBound), v < Float(minorLimit.upperBound) else { continue }
            let (x, y) = xMajor ? (c, Int(v)) : (Int(v), c)
            blend(base + y * stride + 4 * x, color, b0 + (b1 - b0) * (cu - u0) * inv)
        }
    }

    @inline(__always)
    private func blend(_ p: UnsafeMutablePointer<UInt8>, _ c: SIMD3<Float>, _ a: Float) {
        p[0] = UInt8(Float(p[0]) + (c.x - Float(p[0])) * a + 0.5)
        p[1] = UInt8(Float(p[1]) + (c.y - Float(p[1])) * a + 0.5)
        p[2] = UInt8(Float(p[2]) + (c.z - Float(p[2])) * a + 0.5)
    }
}
