/// Standard base64 (RFC 4648, with padding), written straight into byte buffers.
enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `input` and hands the text to `body` in pieces of at most
    /// `size` bytes (`size` a multiple of 4, so every piece decodes alone).
    static func chunks(of input: [UInt8], size: Int, _ body: (ArraySlice<UInt8>, _ isLast: Bool, _ isFirst: Bool) -> Void) {
        let text = encode(input)
        var start = 0
        repeat {
            let end = min(text.count, start + size)
            body(text[start..<end], end == text.count, start == 0)
            start = end
        } while start < text.count
    }

    static func encode(_ input: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: (input.count + 2) / 3 * 4)
        input.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                alphabet.withUnsafeBufferPointer { a in
                    var i = 0, o = 0
                    let n = src.count
                    while i + 3 <= n {
                        let v = UInt32(src[i]) << 16 | UInt32(src[i + 1]) << 8 | UInt32(src[i + 2])
                        dst[o] = a[Int(v >> 18)]; dst[o + 1] = a[Int((v >> 12) & 63)]
                        dst[o + 2] = a[Int((v >> 6) & 63)]; dst[o + 3] = a[Int(v & 63)]
                        i += 3; o += 4
                    }
                    let rest = n - i
                    if rest > 0 {
                        let v = UInt32(src[i]) << 16 | (rest > 1 ? UInt32(src[i + 1]) << 8 : 0)
                        dst[o] = a[Int(v >> 18)]; dst[o + 1] = a[Int((v >> 12) & 63)]
                        dst[o + 2] = rest > 1 ? a[Int((v >> 6) & 63)] : 0x3D
                        dst[o + 3] = 0x3D
                    }
                }
            }
        }
        return out
    }
}
