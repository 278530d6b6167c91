import COSMesa
import Foundation

/// The level of detail used while the picture moves: edges (and, in big
/// graphs, the smallest nodes) are rasterized on the CPU into a density
/// field at a fraction of the frame's resolution, then drawn as one textured
/// quad. llvmpipe spends ~200 ns setting up each line or point whatever its
/// length, so half a million edges cost GL far more than touching a few
/// million low-resolution pixels here.
///
/// Each edge adds its colour, weighted by its alpha, to the cells it crosses;
/// a cell's opacity is then 1 − e^(−Σα), which is what k lines of alpha α
/// blended in any order converge to (1 − (1 − α)^k). Dense bundles become
/// one smooth band instead of thousands of lines. The resolution divisor
/// adapts to keep the work near `budget` cell updates a frame; past the
/// coarsest divisor, every k-th edge is taken with k times the weight.
final class DensityLayer {
    static let divisors = [2, 3, 4, 6, 8]
    var budget = 4_000_000

    private(set) var divisor = 2
    private(set) var layerWidth = 0
    private(set) var layerHeight = 0
    private var accumulation: [SIMD4<Float>] = []
    private var rgba: [UInt8] = []
    private var opacity: [Float] = []
    let texture: GLuint
    private var textureSize = (0, 0)
    /// Full-resolution cell updates the last frame asked for (before dividing).
    private var lastWork = 0

    init() {
        var t: GLuint = 0
        glGenTextures(1, &t)
        texture = t
        glBindTexture(GLenum(GL_TEXTURE_2D), t)
        glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(GL_TEXTURE_MIN_FILTER), GL_LINEAR)
        glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(GL_TEXTURE_MAG_FILTER), GL_LINEAR)
        glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(GL_TEXTURE_WRAP_S), GL_CLAMP_TO_EDGE)
        glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(GL_TEXTURE_WRAP_T), GL_CLAMP_TO_EDGE)
        // 1 − e^(−w) for w in [0, 16) at 1/64 steps.
        opacity = (0..<1025).map { 1 - expf(-Float($0) / 64) }
    }

    deinit {
        var t = texture
        glDeleteTextures(1, &t)
    }

    struct Input {
        var edges: UnsafeBufferPointer<UInt32>
        var x: UnsafeBufferPointer<Float>
        var y: UnsafeBufferPointer<Float>
        var depth: UnsafeBufferPointer<Float>
        var colors: UnsafeBufferPointer<SIMD3<Float>>
        var mode: Scene.EdgeColoring
        var edgeColor: SIMD3<Float>
        var alpha: Float
        /// 3D depth cue: near depth and 1/(far − near); 0 for none.
        var fogNear: Float
        var fogScale: Float
        /// Nodes to splat as dots (those GL does not draw at this detail).
        var splat: UnsafeBufferPointer<Int32>
        var categories: UnsafeBufferPointer<Int32>
    }

    /// Rasterizes and uploads the layer for a `width`×`height` frame.
    /// Returns how many edges went in.
    func build(_ input: Input, width: Int, height: Int) -> Int {
        chooseDivisor(width: width, height: height)
        let s = Float(divisor)
        let lw = layerWidth, lh = layerHeight
        let edgeCount = input.edges.count / 2
        let coarsest = divisor == Self.divisors.last!
        let stride = coarsest ? max(1, Int((Double(lastWork) / Double(divisor) / Double(budget)).rounded(.up))) : 1
        let weight = input.alpha * Float(stride) * 1.5 / s
        var work = 0
        var drawn = 0
        accumulation.withUnsafeMutableBufferPointer { acc in
            let base = acc.baseAddress!
            let fw = Float(lw), fh = Float(lh)
            var e = 0
            while e < edgeCount {
                defer { e += stride }
                let u = Int(input.edges[2 * e]), v = Int(input.edges[2 * e + 1])
                var x0 = input.x[u] / s, y0 = input.y[u] / s, x1 = input.x[v] / s, y1 = input.y[v] / s
                guard x0.isFinite, y0.isFinite, x1.isFinite, y1.isFinite else { continue }
                // Liang–Barsky clip of the segment to the layer.
                var t0: Float = 0, t1: Float = 1
                let dx = x1 - x0, dy = y1 - y0
                func clip(_ p: Float, _ q: Float) -> Bool {
                    if p == 0 { return q >= 0 }
                    let r = q / p
                    if p < 0 { if r > t1 { return false }; if r > t0 { t0 = r } }
                    else { if r < t0 { return false }; if r < t1 { t1 = r } }
                    return true
                }
                guard clip(-dx, x0), clip(dx, fw - 0.001 - x0), clip(-dy, y0), clip(dy, fh - 0.001 - y0) else { continue }
                let cx0 = x0 + t0 * dx, cy0 = y0 + t0 * dy
                x1 = x0 + t1 * dx; y1 = y0 + t1 * dy
                x0 = cx0; y0 = cy0
                var c0 = input.edgeColor, c1 = input.edgeColor
                switch input.mode {
                case .uniform: break
                case .endpoints: c0 = input.colors[u]; c1 = input.colors[v]
                case .community:
                    if input.categories[u] == input.categories[v] { c0 = input.colors[u]; c1 = c0 }
                }
                var a = weight
                if input.fogScale > 0 {
                    let z = (input.depth[u] + input.depth[v]) * 0.5
                    a *= 1 - 0.7 * min(max((z - input.fogNear) * input.fogScale, 0), 1)
                }
                let steps = max(Int(max(abs(x1 - x0), abs(y1 - y0)).rounded(.up)), 1)
                let inv = 1 / Float(steps)
                let sx = (x1 - x0) * inv, sy = (y1 - y0) * inv
                var px = x0, py = y0
                var col = SIMD4(c0.x * a, c0.y * a, c0.z * a, a)
                let dc = (SIMD4(c1.x * a, c1.y * a, c1.z * a, a) - col) * inv
                for _ in 0...steps {
                    // Clamped: float drift must never step outside the buffer.
                    let i = min(max(Int(py), 0), lh - 1) * lw + min(max(Int(px), 0), lw - 1)
                    base[i] += col
                    px += sx; py += sy; col += dc
                }
                work += steps + 1
                drawn += 1
            }
            // Small nodes GL skips at this detail: a strong dot of their colour.
            for k in 0..<input.splat.count {
                let i = Int(input.splat[k])
                let px = input.x[i] / s, py = input.y[i] / s
                guard px >= 0, py >= 0, px < fw, py < fh else { continue }
                let c = input.colors[i]
                base[Int(py) * lw + Int(px)] += SIMD4(c.x * 3, c.y * 3, c.z * 3, 3)
            }
        }
        lastWork = work * divisor
        resolve()
        upload()
        return drawn
    }

    private func chooseDivisor(width: Int, height: Int) {
        var d = Self.divisors.last!
        for candidate in Self.divisors where lastWork / candidate <= budget {
            d = candidate
            break
        }
        divisor = d
        let lw = max((width + d - 1) / d, 1), lh = max((height + d - 1) / d, 1)
        if lw != layerWidth || lh != layerHeight {
            layerWidth = lw
            layerHeight = lh
            accumulation = Array(repeating: .zero, count: lw * lh)
            rgba = Array(repeating: 0, count: lw * lh * 4)
        }
    }

    /// Accumulated weights to premultiplied RGBA; clears the accumulation.
    private func resolve() {
        let count = layerWidth * layerHeight
        accumulation.withUnsafeMutableBufferPointer { acc in
            rgba.withUnsafeMutableBufferPointer { out in
                opacity.withUnsafeBufferPointer { lut in
                    for i in 0..<count {
                        let v = acc[i]
                        if v.w <= 0 {
                            out[4 * i] = 0; out[4 * i + 1] = 0; out[4 * i + 2] = 0; out[4 * i + 3] = 0
                            continue
                        }
                        acc[i] = .zero
                        let alpha = lut[min(Int(v.w * 64), 1024)]
                        let k = alpha * 255 / v.w
                        out[4 * i] = UInt8(min(v.x * k, 255))
                        out[4 * i + 1] = UInt8(min(v.y * k, 255))
                        out[4 * i + 2] = UInt8(min(v.z * k, 255))
                        out[4 * i + 3] = UInt8(alpha * 255)
                    }
                }
            }
        }
    }

    private func upload() {
        glBindTexture(GLenum(GL_TEXTURE_2D), texture)
        glPixelStorei(GLenum(GL_UNPACK_ALIGNMENT), 1)
        rgba.withUnsafeBytes { bytes in
            if textureSize != (layerWidth, layerHeight) {
                textureSize = (layerWidth, layerHeight)
                glTexImage2D(GLenum(GL_TEXTURE_2D), 0, GL_RGBA8, GLsizei(layerWidth), GLsizei(layerHeight), 0,
                             GLenum(GL_RGBA), GLenum(GL_UNSIGNED_BYTE), bytes.baseAddress)
            } else {
                glTexSubImage2D(GLenum(GL_TEXTURE_2D), 0, 0, 0, GLsizei(layerWidth), GLsizei(layerHeight),
                                GLenum(GL_RGBA), GLenum(GL_UNSIGNED_BYTE), bytes.baseAddress)
            }
        }
    }
}
