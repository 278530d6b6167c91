/// The fast path for the lines big edge lists are made of: `u v` or `u v w`
/// (whitespace, or one separator for CSV/TSV), plain fields, a newline. It
/// scans each field once, reading decimal ids as it goes, and hands anything
/// unusual back to the general path, which alone reports errors — so both
/// paths read every file the same way (tests check that they do).
extension EdgeListParser {
    /// `fastLine` results other than the next line's start.
    static let general = -1
    static let needMore = -2

    /// Parses the line at `start` if it is plain; returns where the next line
    /// starts, `general` to let the general path take it, or `needMore` when
    /// the buffer ends inside it (and more input is coming).
    @inline(__always)
    mutating func fastLine(_ start: Int, _ n: Int, _ final: Bool, _ builder: inout GraphBuilder) -> Int {
        guard sourceColumn == 0, targetColumn == 1, weightColumn == 2 || weightColumn == nil, attributeNames.isEmpty,
              let p = b.baseAddress else { return Self.general }
        let sep = separator ?? 0x20
        let incomplete = final ? Self.general : Self.needMore
        var i = start

        // Source: not a comment, not quoted.
        let s1 = i
        var v1 = 0, digits1 = true
        scan(p, &i, n, sep, &v1, &digits1)
        if i == n { return incomplete }
        let e1 = i
        if e1 == s1 || p[s1] == UInt8(ascii: "#") || p[s1] == UInt8(ascii: "%") { return Self.general }
        if !stepOverSeparator(p, &i, n) { return i == n ? incomplete : Self.general }

        // Target.
        let s2 = i
        var v2 = 0, digits2 = true
        scan(p, &i, n, sep, &v2, &digits2)
        if i == n { return incomplete }
        let e2 = i
        if e2 == s2 || p[s2] == UInt8(ascii: "#") { return Self.general }
        if separator == nil { while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 } }
        if i == n { return incomplete }

        // A weight, if there is a third field and it is the weight column.
        var weight: Double? = nil
        if p[i] != 0x0A && p[i] != 0x0D {
            guard weightColumn == 2 else { return Self.general }
            if separator != nil {
                guard p[i] == sep else { return Self.general }
                i += 1
            }
            let s3 = i
            var v3 = 0, digits3 = true
            scan(p, &i, n, sep, &v3, &digits3)
            if i == n { return incomplete }
            if i == s3 || p[s3] == UInt8(ascii: "#") || i - s3 > Limits.maxFieldBytes { return Self.general }
            guard let w = NumberParsing.double(b, s3, i), !w.isNaN else { return Self.general }
            weight = w
            if separator == nil { while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 } }
            if i == n { return incomplete }
        }

        // The end of the line: `\n` or `\r\n`.
        if p[i] == 0x0D {
            i += 1
            if i == n { return incomplete }
        }
        guard p[i] == 0x0A else { return Self.general }
        if e1 - s1 > Limits.maxFieldBytes || e2 - s2 > Limits.maxFieldBytes { return Self.general }

        let u = intern(p, s1, e1, v1, digits1, &builder)
        let v = intern(p, s2, e2, v2, digits2, &builder)
        builder.addEdge(u, v, weight: weight)
        return i + 1
    }

    /// Advances `i` over one plain field (stopping at a blank, a control
    /// byte, the separator or a quote), accumulating its decimal value.
    @inline(__always)
    private func scan(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int, _ sep: UInt8, _ value: inout Int, _ digits: inout Bool) {
        var j = i
        var v = 0
        var allDigits = true
        while j < n {
            let c = p[j]
            if c <= 0x20 || c == sep || c == 0x22 { break }
            let d = c &- 0x30
            if d < 10 { v = v &* 10 &+ Int(d) } else { allDigits = false }
            j += 1
        }
        i = j
        value = v
        digits = allDigits
    }

    /// After the first field: whitespace lists need a run of blanks, CSV/TSV
    /// exactly the separator (spaces around it go the general way).
    @inline(__always)
    private func stepOverSeparator(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int) -> Bool {
        if let sep = separator {
            guard p[i] == sep else { return false }
            i += 1
            return i < n
        }
        guard p[i] == 0x20 || p[i] == 0x09 else { return false }
        while i < n && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
        return i < n
    }

    @inline(__always)
    private func intern(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ value: Int, _ digits: Bool,
                        _ builder: inout GraphBuilder) -> Int32 {
        let bytes = UnsafeBufferPointer(start: p + s, count: e - s)
        let count = e - s
        if digits && count <= NodeInterner.maxDecimalDigits && (count == 1 || p[s] != 0x30) {
            return builder.node(decimal: value, bytes: bytes)
        }
        return builder.node(bytes: bytes)
    }
}
