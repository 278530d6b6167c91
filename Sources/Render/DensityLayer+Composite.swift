import Foundation

/// The density layer over the background, upsampled bilinearly (as GL's
/// linear filter would, texel centres at (i + ½)·divisor), written straight
/// into the frame: every pixel of the band gets background + L.rgb − L.a ·
/// background, L being the premultiplied layer; rows with no ink get the
/// background. Nodes are painted over it afterwards (`NodePainter`).
#if _endian(big)
#error("the compositor writes pixels as little-endian 32-bit words")
#endif

extension DensityLayer {
    /// Per frame column: the two layer columns it samples and the weight of
    /// the second, as GL's linear filter would with texel centres at
    /// (i + ½)·divisor (clamped at the borders).
    struct ColumnTable {
        var key = (width: 0, divisor: 0, layerWidth: 0)
        var first: [Int32] = []
        var second: [Int32] = []
        var weight: [Float] = []

        mutating func update(width: Int, divisor: Int, layerWidth: Int) {
            guard key != (width, divisor, layerWidth) else { return }
            key = (width, divisor, layerWidth)
            first = Array(repeating: 0, count: width)
            second = first
            weight = Array(repeating: 0, count: width)
            for x in 0..<width {
                let (a, b, w) = DensityLayer.taps((Float(x) + 0.5) / Float(divisor) - 0.5, count: layerWidth)
                first[x] = Int32(a)
                second[x] = Int32(b)
                weight[x] = w
            }
        }
    }

    /// The two texel indices around layer coordinate t and the second's weight.
    static func taps(_ t: Float, count: Int) -> (Int, Int, Float) {
        let f = t.rounded(.down)
        let i = Int(f)
        return (min(max(i, 0), count - 1), min(max(i + 1, 0), count - 1), t - f)
    }

    /// Readies the sampling table and row buffers for a frame `width` wide.
    func prepareComposite(width: Int) {
        columns.update(width: width, divisor: divisor, layerWidth: layerWidth)
        // Per band: two rows of three planes, each padded to whole vectors.
        let need = 2 * 6 * ((width + 3) & ~3)
        if rowScratchCapacity < need {
            rowScratch.deallocate()
            rowScratch = .allocate(capacity: need)
            rowScratch.initialize(repeating: 0, count: need)
            rowScratchCapacity = need
        }
    }

    /// Writes rows `rows` of the frame (band 0 or 1: whose row buffers to use).
    func compositeRows(_ rows: Range<Int>, band: Int, into base: UnsafeMutablePointer<UInt8>, width: Int,
                       stride: Int, background bg: SIMD3<Float>) {
        let b8 = byte(SIMD4(bg, 255))
        let background = b8[0] | b8[1] << 8 | b8[2] << 16 | b8[3] << 24
        let lw = layerWidth, lh = layerHeight
        // Two horizontally upsampled layer rows of L.rgb − L.a·bg, as r, g
        // and b planes (4 pixels a vector), reused down the band.
        let plane = (width + 3) & ~3
        let upper = rowScratch + band * 6 * plane, lower = upper + 3 * plane
        var upperRow = -1, lowerRow = -1
        let bg4 = SIMD4(bg, 0)
        rgba.withUnsafeBufferPointer { layer in
            rowHasInk.withUnsafeBufferPointer { ink in
                columns.first.withUnsafeBufferPointer { c0 in
                    columns.second.withUnsafeBufferPointer { c1 in
                        columns.weight.withUnsafeBufferPointer { cw in
                            func expand(_ row: Int, into out: UnsafeMutablePointer<Float>) {
                                let src = UnsafeRawPointer(layer.baseAddress! + row * lw * 4)
                                for x in 0..<width {
                                    let a = unpack(src.loadUnaligned(fromByteOffset: Int(c0[x]) * 4, as: UInt32.self))
                                    let b = unpack(src.loadUnaligned(fromByteOffset: Int(c1[x]) * 4, as: UInt32.self))
                                    let va = a - a.w * (1 / 255) * bg4, vb = b - b.w * (1 / 255) * bg4
                                    let v = va + (vb - va) * cw[x]
                                    out[x] = v.x; out[plane + x] = v.y; out[2 * plane + x] = v.z
                                }
                            }
                            for y in rows {
                                let (j0, j1, fy) = DensityLayer.taps((Float(y) + 0.5) / Float(divisor) - 0.5, count: lh)
                                let p = base + y * stride
                                guard ink[j0] || ink[j1] else {
                                    fill(p, width, with: background)
                                    continue
                                }
                                if upperRow != j0 {
                                    if lowerRow == j0 { upper.update(from: lower, count: 3 * plane) } else { expand(j0, into: upper) }
                                    upperRow = j0
                                }
                                if lowerRow != j1 { expand(j1, into: lower); lowerRow = j1 }
                                let q = UnsafeMutableRawPointer(p)
                                let up = UnsafeRawPointer(upper), lo = UnsafeRawPointer(lower)
                                func over(at x: Int) -> SIMD4<UInt32> {
                                    func layer(_ k: Int) -> SIMD4<Float> {
                                        let o = 4 * (k * plane + x)
                                        let u = up.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)
                                        return u + (lo.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self) - u) * fy
                                    }
                                    let r = byte(bg.x + layer(0)), g = byte(bg.y + layer(1)), b = byte(bg.z + layer(2))
                                    return r | (g &<< 8) | (b &<< 16) | 0xFF00_0000
                                }
                                var x = 0
                                while x + 4 <= width {
                                    q.storeBytes(of: over(at: x), toByteOffset: 4 * x, as: SIMD4<UInt32>.self)
                                    x += 4
                                }
                                if x < width {
                                    // The last 1–3 pixels (the planes are padded to whole vectors).
                                    let out = over(at: x)
                                    for k in 0..<(width - x) { q.storeBytes(of: out[k], toByteOffset: 4 * (x + k), as: UInt32.self) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One colour across a row.
    private func fill(_ row: UnsafeMutablePointer<UInt8>, _ width: Int, with pixel: UInt32) {
        UnsafeMutableRawPointer(row).withMemoryRebound(to: UInt32.self, capacity: width) { px in
            px.update(repeating: pixel, count: width)
        }
    }
}
