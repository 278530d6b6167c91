/// Fast, exact parsing of decimal numbers from bytes.
enum NumberParsing {
    private static let powersOf10: [Double] = (0...22).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// Parses a whole field as a Double, correctly rounded. Integers and short
    /// decimals take an exact fast path (mantissa < 2^53, ≤ 22 decimals);
    /// anything else goes through the standard library's parser.
    static func double(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        guard start < end else { return nil }
        var i = start
        var negative = false
        if b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { negative = b[i] == UInt8(ascii: "-"); i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, fraction = 0
        var sawDot = false
        var simple = i < end
        while i < end {
            let c = b[i]
            if c >= 0x30 && c <= 0x39 {
                if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(c - 0x30); digits += 1; if sawDot { fraction += 1 } }
                else { simple = false; break }
            } else if c == UInt8(ascii: ".") && !sawDot {
                sawDot = true
            } else { simple = false; break }
            i += 1
        }
        if simple && digits > 0 && mantissa < (1 << 53) && fraction <= 22 {
            let v = Double(mantissa) / powersOf10[fraction]
            return negative ? -v : v
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
        return Double(text)
    }

    /// A whole field as an Int, if it is exactly one.
    static func int(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard start < end, end - start <= 20 else { return nil }
        var i = start
        var negative = false
        if b[i] == UInt8(ascii: "-") { negative = true; i += 1; if i == end { return nil } }
        // Accumulate negatively: Int.min has no positive twin, and a 19-digit
        // field can overflow, which must be "not an Int", not a trap.
        var value = 0
        while i < end {
            let c = b[i]
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(Int(c - 0x30))
            if o1 || o2 { return nil }
            value = next
            i += 1
        }
        if negative { return value }
        return value == Int.min ? nil : -value
    }
}
