/// One thread's share of a sixel frame: its used-colour flags, the sixel rows
/// of the colours present in the current band, and its output.
final class BandWorker: @unchecked Sendable {
    var used = [Bool](repeating: false, count: 256)
    var out: [UInt8] = []
    /// 256 rows of `width` sixel bytes; all zero between bands.
    private var bits: [UInt8] = []
    private var present = [Bool](repeating: false, count: 256)

    func resetUsed() {
        for i in 0..<256 { used[i] = false }
    }

    /// Encodes output bands `bands` of the `w`×`h` index image shown with each
    /// pixel repeated `k`×`k`; `base` is painted first across every band.
    /// Output rows start at `top` and end before `bottom` (a strip of the frame; default all of it).
    func encode(bands: Range<Int>, bandCount: Int, indices: UnsafePointer<UInt8>, width w: Int, height h: Int,
                repeat k: Int, registers: UnsafePointer<UInt8>, base: UInt8, colorCount: Int,
                top: Int = 0, bottom: Int? = nil) {
        let bottom = bottom ?? h * k
        // Work on locals: a class property touched per pixel pays an exclusivity check each time.
        var out = self.out, bits = self.bits, present = self.present
        self.out = []; self.bits = []
        defer { self.out = out; self.bits = bits }
        out.removeAll(keepingCapacity: true)
        if bits.count < 256 * w { bits = [UInt8](repeating: 0, count: 256 * w) }
        let baseRegister = Int(registers[Int(base)])
        bits.withUnsafeMutableBufferPointer { bitsBuffer in
        present.withUnsafeMutableBufferPointer { present in
            let bits = bitsBuffer.baseAddress!
            let flags = present.baseAddress!
            for band in bands {
                let y0 = top + band * 6
                let rows = min(6, bottom - y0)
                // Every pixel sets its bit in its colour's row: no data-dependent branch.
                for r in 0..<rows {
                    let row = indices + ((y0 + r) / k) * w
                    let bit = UInt8(1 << r)
                    for x in 0..<w {
                        let c = Int(row[x])
                        bits[c &* w &+ x] |= bit
                        flags[c] = true
                    }
                }
                // The base colour over the whole band (only the band's real rows).
                out.append(0x23); out.appendDecimal(baseRegister)
                out.append(0x21); out.appendDecimal(w * k); out.append(UInt8(63 + (1 << rows) - 1))
                for c in 0..<colorCount where flags[c] {
                    flags[c] = false
                    let row = bits + c * w
                    defer { row.update(repeating: 0, count: w) }
                    if c == Int(base) { continue }
                    var first = 0
                    while first + 8 <= w && UnsafeRawPointer(row + first).loadUnaligned(as: UInt64.self) == 0 { first += 8 }
                    while row[first] == 0 { first += 1 }   // the colour is present: a set byte exists
                    var end = w
                    while end - 8 >= first && UnsafeRawPointer(row + end - 8).loadUnaligned(as: UInt64.self) == 0 { end -= 8 }
                    while row[end - 1] == 0 { end -= 1 }
                    out.append(0x24)                     // '$': back to the band's start
                    out.append(0x23); out.appendDecimal(Int(registers[c]))
                    if first > 0 { Self.appendRun(0x3F, first * k, &out) }
                    Self.emitRun(row, from: first, through: end - 1, repeat: k, &out)
                }
                if band < bandCount - 1 { out.append(0x2D) } // '-': next band
            }
        }
        }
    }

    /// Sixels `from…through` of one colour's row, runs as `!n`.
    @inline(__always)
    private static func emitRun(_ row: UnsafeMutablePointer<UInt8>, from first: Int, through last: Int, repeat k: Int,
                                _ out: inout [UInt8]) {
        let end = last + 1
        var x = first
        while x < end {
            let v = row[x]
            var n = 1
            let word = UInt64(v) &* 0x0101_0101_0101_0101
            while x + n + 8 <= end && UnsafeRawPointer(row + x + n).loadUnaligned(as: UInt64.self) == word { n += 8 }
            while x + n < end && row[x + n] == v { n += 1 }
            appendRun(v &+ 63, n * k, &out)
            x += n
        }
    }

    @inline(__always)
    private static func appendRun(_ ch: UInt8, _ count: Int, _ out: inout [UInt8]) {
        if count > 3 {
            out.append(0x21); out.appendDecimal(count); out.append(ch)
        } else {
            for _ in 0..<count { out.append(ch) }
        }
    }
}
