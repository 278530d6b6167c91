import Foundation

/// Blending the density layer under what GL drew, on the CPU.
///
/// GL draws nodes (and highlight edges) over the background with alpha
/// cleared to 1 and each fragment multiplying it by (1 − α): a pixel ends up
/// holding C = nodes over background and T = how much of what lies beneath
/// still shows. Nodes over (layer over background) is then
///
///     C + T · (L.rgb − L.a · background)
///
/// with L the bilinearly upsampled, premultiplied layer — exact, for any
/// number of blended fragments, because "over" is linear in what is beneath.
/// Output alpha is set to 255. Rows with no ink only get that alpha fix.
#if _endian(big)
#error("the compositor reads pixels as little-endian 32-bit words")
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

    /// Blends the layer built last under the frame at `base` (RGBA, top row
    /// first, alpha holding GL's transmittance), then makes the frame opaque.
    func composite(into base: UnsafeMutablePointer<UInt8>, width: Int, height: Int, stride: Int,
                   background: SIMD3<Float>) {
        columns.update(width: width, divisor: divisor, layerWidth: layerWidth)
        // Per band: two rows of three planes, each padded to whole vectors.
        let need = 2 * 6 * ((width + 3) & ~3)
        if rowScratchCapacity < need {
            rowScratch.deallocate()
            rowScratch = .allocate(capacity: need)
            rowScratch.initialize(repeating: 0, count: need)
            rowScratchCapacity = need
        }
        // Two bands on two threads: llvmpipe's threads are idle once GL finished.
        let bands = height >= 64 ? 2 : 1
        let bg = background * 255
        let job = Job(layer: self, base: base)
        DispatchQueue.concurrentPerform(iterations: bands) { band in
            let y0 = height * band / bands, y1 = height * (band + 1) / bands
            job.layer.compositeRows(y0..<y1, band: band, into: job.base, width: width, stride: stride, background: bg)
        }
    }

    /// What the bands share: they only read the layer and write disjoint rows
    /// of the frame (and of the row scratch), and the call waits for both.
    private struct Job: @unchecked Sendable {
        let layer: DensityLayer
        let base: UnsafeMutablePointer<UInt8>
    }

    private func compositeRows(_ rows: Range<Int>, band: Int, into base: UnsafeMutablePointer<UInt8>, width: Int,
                               stride: Int, background bg: SIMD3<Float>) {
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
                                    makeOpaque(p, width)
                                    continue
                                }
                                if upperRow != j0 {
                                    if lowerRow == j0 { upper.update(from: lower, count: 3 * plane) } else { expand(j0, into: upper) }
                                    upperRow = j0
                                }
                                if lowerRow != j1 { expand(j1, into: lower); lowerRow = j1 }
                                let q = UnsafeMutableRawPointer(p)
                                let up = UnsafeRawPointer(upper), lo = UnsafeRawPointer(lower)
                                func blend(_ px: SIMD4<UInt32>, at x: Int) -> SIMD4<UInt32> {
                                    func layer(_ k: Int) -> SIMD4<Float> {
                                        let o = 4 * (k * plane + x)
                                        let u = up.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self)
                                        return u + (lo.loadUnaligned(fromByteOffset: o, as: SIMD4<Float>.self) - u) * fy
                                    }
                                    let t = float(px &>> 24) * (1 / 255)
                                    let r = byte(float(px & 0xFF) + layer(0) * t)
                                    let g = byte(float((px &>> 8) & 0xFF) + layer(1) * t)
                                    let b = byte(float((px &>> 16) & 0xFF) + layer(2) * t)
                                    return r | (g &<< 8) | (b &<< 16) | 0xFF00_0000
                                }
                                var x = 0
                                while x + 4 <= width {
                                    let px = q.loadUnaligned(fromByteOffset: 4 * x, as: SIMD4<UInt32>.self)
                                    q.storeBytes(of: blend(px, at: x), toByteOffset: 4 * x, as: SIMD4<UInt32>.self)
                                    x += 4
                                }
                                if x < width {
                                    // The last 1–3 pixels through the same arithmetic (the planes are padded).
                                    var px = SIMD4<UInt32>(repeating: 0)
                                    for k in 0..<(width - x) { px[k] = q.load(fromByteOffset: 4 * (x + k), as: UInt32.self) }
                                    let out = blend(px, at: x)
                                    for k in 0..<(width - x) { q.storeBytes(of: out[k], toByteOffset: 4 * (x + k), as: UInt32.self) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// A pixel's bytes (r, g, b, a in memory order) as floats 0…255, by the
    /// 2²³ trick: Swift's generic SIMD conversions go element by element.
    @inline(__always)
    private func unpack(_ pixel: UInt32) -> SIMD4<Float> {
        float((SIMD4<UInt32>(repeating: pixel) &>> SIMD4(0, 8, 16, 24)) & 0xFF)
    }

    /// Integers 0…255 as floats.
    @inline(__always)
    private func float(_ v: SIMD4<UInt32>) -> SIMD4<Float> {
        unsafeBitCast(v | 0x4B00_0000, to: SIMD4<Float>.self) - 8_388_608
    }

    /// Floats rounded to nearest and clamped to 0…255 (8-bit rounding of
    /// the inputs can stray a step past either end).
    @inline(__always)
    private func byte(_ v: SIMD4<Float>) -> SIMD4<UInt32> {
        var i = unsafeBitCast(v + 12_582_912, to: SIMD4<Int32>.self) &- 0x4B40_0000
        i &= ~(i &>> 31)
        i = (i | ((255 &- i) &>> 31)) & 0xFF
        return unsafeBitCast(i, to: SIMD4<UInt32>.self)
    }

    /// Alpha 255 across a row (the compiler vectorizes the 32-bit OR).
    private func makeOpaque(_ row: UnsafeMutablePointer<UInt8>, _ width: Int) {
        UnsafeMutableRawPointer(row).withMemoryRebound(to: UInt32.self, capacity: width) { px in
            for x in 0..<width { px[x] |= UInt32(0xFF00_0000).littleEndian }
        }
    }
}
