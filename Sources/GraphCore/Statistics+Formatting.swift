/// Number and string formatting for the statistics output, without Foundation.
extension GraphStatistics {
    /// A JSON number with round-trip precision; null for nil and non-finite values.
    public static func json(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return x.description
    }

    /// A JSON string literal.
    public static func json(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// An integer with thousands separators: 1,234,567.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return n < 0 ? "-" + out : out
    }

    /// About four significant digits a person can read: `19.9980`,
    /// `1,234.5679`, `0.5706`, `0.001749`, `2.093e-4`; huge values in the
    /// shortest round-trip form.
    static func decimal(_ x: Double) -> String {
        if !x.isFinite { return x.description }
        if x == 0 { return "0" }
        let a = abs(x)
        if a >= 1e12 { return x.description }
        if a >= 1 { return fixed(x, decimals: 4) }
        if a >= 1e-3 { return fixed(x, decimals: a >= 0.1 ? 4 : a >= 0.01 ? 5 : 6) }
        var mantissa = a, exponent = 0
        while mantissa < 1 { mantissa *= 10; exponent -= 1 }
        var digits = fixed(mantissa, decimals: 3)
        if digits.hasPrefix("10") { digits = "1.000"; exponent += 1 }  // 9.9996 rounds up
        return (x < 0 ? "-" : "") + digits + "e\(exponent)"
    }

    /// `x` rounded to `decimals` places, integer part grouped.
    static func fixed(_ x: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        let whole = (scaled / scale).rounded(.down)
        let frac = Int(scaled - whole * scale)
        let fracText = String(frac)
        return (x < 0 ? "-" : "") + grouped(Int(whole)) + "."
            + String(repeating: "0", count: decimals - fracText.count) + fracText
    }

    /// A node id cut to a readable length.
    static func short(_ id: String) -> String {
        id.count <= 24 ? id : String(id.prefix(23)) + "…"
    }
}
