/// Number and string formatting for the statistics output, without Foundation.
extension GraphStatistics {
    /// A JSON number with round-trip precision; null for nil and non-finite values.
    static func json(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "null" }
        return x.description
    }

    /// A JSON string literal.
    static func json(_ s: String) -> String {
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

    /// Four decimals for ordinary magnitudes, shortest round-trip form otherwise.
    static func decimal(_ x: Double) -> String {
        if !x.isFinite { return "\(x)" }
        if x == 0 { return "0" }
        let a = abs(x)
        guard a >= 1e-3 && a < 1e12 else { return x.description }
        let scaled = (a * 10_000).rounded()
        let whole = Int(scaled / 10_000)
        let frac = Int(scaled) - whole * 10_000
        let fracText = String(frac)
        return (x < 0 ? "-" : "") + grouped(whole) + "." + String(repeating: "0", count: 4 - fracText.count) + fracText
    }

    /// A node id cut to a readable length.
    static func short(_ id: String) -> String {
        id.count <= 24 ? id : String(id.prefix(23)) + "…"
    }
}
