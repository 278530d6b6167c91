import Foundation

/// An sRGB colour, 8 bits a channel, as themes write it (`#rrggbb`).
public struct RGB: Hashable, Sendable, CustomStringConvertible {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8

    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Parses `#rrggbb` or `#rgb` (the `#` is optional); nil if it is not one.
    public init?(hex text: String) {
        var s = Substring(text)
        if s.hasPrefix("#") { s = s.dropFirst() }
        guard s.count == 6 || s.count == 3, s.allSatisfy(\.isHexDigit) else { return nil }
        if s.count == 3 { s = Substring(s.map { "\($0)\($0)" }.joined()) }
        guard let v = UInt32(s, radix: 16) else { return nil }
        self.init(UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF))
    }

    public var hex: String {
        let digits = Array("0123456789abcdef")
        var s = "#"
        for c in [r, g, b] {
            s.append(digits[Int(c >> 4)])
            s.append(digits[Int(c & 15)])
        }
        return s
    }

    public var description: String { hex }

    /// This colour with `amount` (0…1) of `other` mixed in, rounded the way
    /// GL's 8-bit blending rounds, so palette entries match rendered pixels.
    public func mixed(with other: RGB, _ amount: Float) -> RGB {
        let t = min(max(amount, 0), 1)
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8(min(max((Float(a) * (1 - t) + Float(b) * t).rounded(), 0), 255))
        }
        return RGB(m(r, other.r), m(g, other.g), m(b, other.b))
    }

    /// This colour drawn with `alpha` over `background`.
    public func over(_ background: RGB, alpha: Float) -> RGB { background.mixed(with: self, alpha) }

    /// Components in 0…1 for shader uniforms.
    var floats: SIMD3<Float> { SIMD3(Float(r), Float(g), Float(b)) / 255 }

    /// Relative luminance (WCAG), for choosing readable text colours.
    public var luminance: Float {
        func lin(_ c: UInt8) -> Float {
            let v = Float(c) / 255
            return v <= 0.04045 ? v / 12.92 : powf((v + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    }
}

