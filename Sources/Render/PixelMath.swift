/// Pixel arithmetic on 4-lane vectors for the CPU painters. Swift's generic
/// SIMD conversions and min/max go element by element through calls; these
/// use the 2²³ float trick and sign masks instead, which compile to a few
/// vector instructions.

/// A pixel's bytes (r, g, b, a in memory order, little-endian) as floats 0…255.
@inline(__always)
func unpack(_ pixel: UInt32) -> SIMD4<Float> {
    float((SIMD4<UInt32>(repeating: pixel) &>> SIMD4(0, 8, 16, 24)) & 0xFF)
}

/// Integers 0…255 as floats.
@inline(__always)
func float(_ v: SIMD4<UInt32>) -> SIMD4<Float> {
    unsafeBitCast(v | 0x4B00_0000, to: SIMD4<Float>.self) - 8_388_608
}

/// Floats rounded to nearest and clamped to 0…255 (8-bit rounding of the
/// inputs can stray a step past either end).
@inline(__always)
func byte(_ v: SIMD4<Float>) -> SIMD4<UInt32> {
    var i = unsafeBitCast(v + 12_582_912, to: SIMD4<Int32>.self) &- 0x4B40_0000
    i &= ~(i &>> 31)
    i = (i | ((255 &- i) &>> 31)) & 0xFF
    return unsafeBitCast(i, to: SIMD4<UInt32>.self)
}

/// max(v, 0) lane by lane: negative lanes (sign bit set) become +0.
@inline(__always)
func positivePart(_ v: SIMD4<Float>) -> SIMD4<Float> {
    let bits = unsafeBitCast(v, to: SIMD4<Int32>.self)
    return unsafeBitCast(bits & ~(bits &>> 31), to: SIMD4<Float>.self)
}

/// min(max(v, 0), 1) lane by lane.
@inline(__always)
func unitClamp(_ v: SIMD4<Float>) -> SIMD4<Float> {
    positivePart(v) - positivePart(v - 1)
}
