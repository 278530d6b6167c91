import Foundation

/// Numbers as C's `printf("%.9g")` writes them, byte for byte, without
/// printf: positions files carry nine significant digits (every Float reads
/// back unchanged), and a million rows through `vsnprintf` took two seconds.
///
///     var out: [UInt8] = []
///     NineDigits.append(-12.3456789012, to: &out)  // "-12.3456789"
///
/// Magnitudes from 1e-4 up to 1e9 (fixed notation in `%g`) are rounded
/// exactly here: the double's 53-bit significand times a power of ten, in
/// 128-bit integers, rounded half to even as glibc rounds. Others (zero,
/// exponents, NaN, infinities) go to `vsnprintf`.
enum NineDigits {
    static func append(_ v: Double, to out: inout [UInt8]) {
        let a = v.magnitude
        guard a >= 1e-4, a < 1e9 else { return appendWithPrintf(v, to: &out) }
        // The decimal exponent after rounding to nine digits; log10 may be one
        // off near a power of ten, and rounding may carry into the next one.
        var e = Int(log10(a).rounded(.down))
        var q: UInt64 = 0
        for _ in 0..<4 {
            guard e >= -4, e <= 8 else { return appendWithPrintf(v, to: &out) }
            q = rounded(a, timesTenTo: 8 - e)
            if q >= 1_000_000_000 { e += 1 } else if q < 100_000_000 { e -= 1 } else { break }
        }
        guard q >= 100_000_000, q < 1_000_000_000, e >= -4, e <= 8 else { return appendWithPrintf(v, to: &out) }
        // Nine digits on the stack (an array here was a heap allocation a number).
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 9) { digits in
            for i in stride(from: 8, through: 0, by: -1) {
                digits[i] = UInt8(ascii: "0") + UInt8(q % 10)
                q /= 10
            }
            var last = 8  // the last digit written: trailing zeros of the fraction go
            let integerDigits = max(e + 1, 0)
            while last >= integerDigits && digits[last] == UInt8(ascii: "0") { last -= 1 }
            if v.sign == .minus { out.append(UInt8(ascii: "-")) }
            if e >= 0 {
                out.append(contentsOf: digits[0...e])
                if last > e {
                    out.append(UInt8(ascii: "."))
                    out.append(contentsOf: digits[(e + 1)...last])
                }
            } else {
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "."))
                for _ in 0..<(-e - 1) { out.append(UInt8(ascii: "0")) }
                out.append(contentsOf: digits[0...last])
            }
        }
    }

    /// a × 10^s rounded half to even to an integer; a is normal, at least
    /// 1e-4 and below 1e9, s in 0...12 (the product stays below 2^93).
    static func rounded(_ a: Double, timesTenTo s: Int) -> UInt64 {
        let significand = UInt128(a.significandBitPattern | (1 << 52))
        let product = significand * powersOfTen[s]
        let shift = 52 - Int(a.exponent)  // a = significand × 2^-shift; shift in 23...66
        let q = product >> shift
        let remainder = product & ((1 << shift) - 1)
        let half: UInt128 = 1 << (shift - 1)
        let up = remainder > half || (remainder == half && q & 1 == 1)
        return UInt64(q) + (up ? 1 : 0)
    }

    /// 10^0 … 10^12.
    private static let powersOfTen: [UInt128] = (0...12).map { (0..<$0).reduce(UInt128(1)) { p, _ in p * 10 } }

    static func appendWithPrintf(_ v: Double, to out: inout [UInt8]) {
        var number = [CChar](repeating: 0, count: 40)
        let n = withVaList([v]) { vsnprintf(&number, 40, "%.9g", $0) }
        for k in 0..<Int(max(0, min(n, 39))) { out.append(UInt8(bitPattern: number[k])) }
    }
}
