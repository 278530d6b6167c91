/// Splits a terminal's reply bytes into the replies capability detection
/// cares about. Anything else (keys typed meanwhile, replies we do not know)
/// is skipped. Both 7-bit (ESC [) and 8-bit (CSI 0x9B) introducers are read.
enum TerminalReplyParser {
    enum Reply: Equatable {
        /// DA1: CSI ? Ps ; … c
        case primaryAttributes([Int])
        /// XTSMGRAPHICS: CSI ? Pi ; Ps ; Pv… S
        case graphicsAttribute(item: Int, status: Int, values: [Int])
        /// Kitty graphics: APC G key=value… ; message ST
        case kitty(String)
        /// Window ops: CSI Ps ; a ; b t (4: window pixels h;w, 6: cell pixels h;w, 8: cells rows;cols)
        case windowReport(kind: Int, Int, Int)
        /// DECRPM: CSI ? mode ; value $ y
        case modeReport(mode: Int, value: Int)
        /// XTVERSION: DCS > | text ST
        case version(String)
    }

    static func replies(in bytes: [UInt8]) -> [Reply] {
        var out: [Reply] = []
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x1B, i + 1 < n, bytes[i + 1] == 0x5B {
                i = csi(bytes, from: i + 2, into: &out)
            } else if b == 0x9B, i == 0 || bytes[i - 1] < 0x80 {   // 8-bit CSI, not inside UTF-8
                i = csi(bytes, from: i + 1, into: &out)
            } else if b == 0x1B, i + 1 < n, bytes[i + 1] == 0x50 || bytes[i + 1] == 0x5F {
                i = string(bytes, from: i + 2, dcs: bytes[i + 1] == 0x50, into: &out)
            } else if b == 0x90 || b == 0x9F, i == 0 || bytes[i - 1] < 0x80 {
                i = string(bytes, from: i + 1, dcs: b == 0x90, into: &out)
            } else {
                i += 1
            }
        }
        return out
    }

    /// Reads CSI [private] params [intermediates] final from `start`; returns the index after it.
    private static func csi(_ bytes: [UInt8], from start: Int, into out: inout [Reply]) -> Int {
        var i = start
        var privateMark: UInt8 = 0
        if i < bytes.count, (0x3C...0x3F).contains(bytes[i]) { privateMark = bytes[i]; i += 1 }
        var params: [Int] = []
        var current: Int? = nil
        var intermediate: UInt8 = 0
        while i < bytes.count {
            let c = bytes[i]
            if c >= 0x30 && c <= 0x39 {
                current = min(1_000_000, (current ?? 0) * 10 + Int(c - 0x30))
            } else if c == 0x3B || c == 0x3A {
                params.append(current ?? 0); current = nil
            } else if c >= 0x20 && c <= 0x2F {
                intermediate = c
            } else if c >= 0x40 && c <= 0x7E {
                if let current { params.append(current) }
                classify(privateMark: privateMark, params: params, intermediate: intermediate, final: c, into: &out)
                return i + 1
            } else {
                return i   // not a well-formed sequence: resume scanning here
            }
            i += 1
        }
        return i
    }

    private static func classify(privateMark: UInt8, params: [Int], intermediate: UInt8, final: UInt8,
                                 into out: inout [Reply]) {
        switch (privateMark, intermediate, final) {
        case (0x3F, 0, 0x63) where !params.isEmpty:                 // ? … c
            out.append(.primaryAttributes(params))
        case (0x3F, 0, 0x53) where params.count >= 2:               // ? … S
            out.append(.graphicsAttribute(item: params[0], status: params[1], values: Array(params.dropFirst(2))))
        case (0x3F, 0x24, 0x79) where params.count >= 2:            // ? … $ y
            out.append(.modeReport(mode: params[0], value: params[1]))
        case (0, 0, 0x74) where params.count >= 3:                  // … t
            out.append(.windowReport(kind: params[0], params[1], params[2]))
        default:
            break
        }
    }

    /// Reads a DCS or APC string up to ST (ESC \ or 0x9C, or BEL); returns the index after it.
    private static func string(_ bytes: [UInt8], from start: Int, dcs: Bool, into out: inout [Reply]) -> Int {
        var i = start
        while i < bytes.count {
            let c = bytes[i]
            var end: Int? = nil
            if c == 0x1B, i + 1 < bytes.count, bytes[i + 1] == 0x5C { end = i + 2 }
            else if c == 0x9C || c == 0x07 { end = i + 1 }
            else if c == 0x1B { return i }   // a new sequence began: this one was cut short
            if let end {
                let body = Array(bytes[start..<i])
                if dcs, body.starts(with: [0x3E, 0x7C]) {                                  // > |
                    // Printed by `tangle gfx`: no control characters, a sane length.
                    let text = String(decoding: body.dropFirst(2).prefix(128), as: UTF8.self).unicodeScalars
                        .filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) }
                    out.append(.version(String(String.UnicodeScalarView(text))))
                } else if !dcs, body.first == 0x47, let semi = body.firstIndex(of: 0x3B) {  // G …;msg
                    out.append(.kitty(String(decoding: body[(semi + 1)...], as: UTF8.self)))
                }
                return end
            }
            i += 1
        }
        return i
    }
}
