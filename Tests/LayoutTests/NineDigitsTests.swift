import Testing
import Foundation
import TangleBasics
@testable import Layout

/// NineDigits must write what printf("%.9g") writes, byte for byte: the
/// positions files read back unchanged and stay the same files as before.
@Suite struct NineDigitsTests {
    func printf(_ v: Double) -> String {
        var out: [UInt8] = []
        NineDigits.appendWithPrintf(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func ours(_ v: Double) -> String {
        var out: [UInt8] = []
        NineDigits.append(v, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func randomValuesOfEveryMagnitude() {
        var rng = SplitMix64(seed: 7)
        var differ: [String] = []
        for _ in 0..<300_000 {
            // Uniform significand, decimal exponent from -6 to 10, either sign.
            let unit = Double(rng.next() >> 11) / Double(1 << 53)
            let exponent = Int(rng.next() % 17) - 6
            let v = (1 + 9 * unit) * pow(10, Double(exponent)) * (rng.next() & 1 == 0 ? 1 : -1)
            if ours(v) != printf(v) { differ.append("\(v): \(ours(v)) vs \(printf(v))") }
        }
        let mismatches = differ.count
        #expect(mismatches == 0, "\(differ.prefix(5))")
    }

    /// Exact ties round half to even; values at and around powers of ten,
    /// where the exponent is one off or rounding carries into the next digit.
    @Test func tiesCarriesAndPowersOfTen() {
        var values: [Double] = [1234567.125, 1234567.375, 0.5, 2.5, 123456789.5, 123456788.5, 99999999.95,
                                999999999.4, 999999999.5, 9.9999999949, 9.999999995, 0.00099999999995,
                                0.0001, 0.00009999999999, 1e9, 1e-5, 0, -0.0, 3, -2048, 100, 0.1, 1e8, 12345678.9]
        for p in -5...9 {
            let t = pow(10, Double(p))
            values += [t, t.nextUp, t.nextDown, t * (1 + 5e-10), t * (1 - 5e-10), -t]
        }
        // Halves of integers with nine or ten digits are exact binary ties.
        var rng = SplitMix64(seed: 11)
        for _ in 0..<20_000 {
            let i = Double(rng.next() % 900_000_000 + 100_000_000)
            values += [i + 0.5, (i + 0.5) / 1024, (i * 2 + 1) / 8]
        }
        let differ = values.filter { ours($0) != printf($0) }.map { "\($0): \(ours($0)) vs \(printf($0))" }
        let mismatches = differ.count
        #expect(mismatches == 0, "\(differ.prefix(5))")
    }

    @Test func readsBackEveryFloat() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<50_000 {
            let f = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()) & 0x47FF_FFFF)  // |f| < 131072, finite
            guard f.isFinite else { continue }
            #expect(Float(ours(Double(f))) == f)
        }
    }
}
