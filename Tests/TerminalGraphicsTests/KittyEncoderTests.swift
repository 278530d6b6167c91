import CZlib
import Testing
@testable import TerminalGraphics

/// Kitty output parsed against the protocol's grammar:
/// `ESC _ G <key>=<value>{,<key>=<value>} [; <base64 payload>] ESC \`,
/// keys one letter, values integers or one letter; payload chunks ≤ 4096 bytes,
/// a multiple of 4 except the last; `m=1` on every chunk but the last.
@Suite struct KittyEncoderTests {
    struct Command {
        var keys: [Character: String]
        var payload: [UInt8]
    }

    /// Splits `bytes` into graphics commands; fails on anything outside the grammar.
    static func parse(_ bytes: [UInt8]) throws -> [Command] {
        var commands: [Command] = []
        var i = 0
        while i < bytes.count {
            guard bytes.count - i >= 5, bytes[i] == 0x1B, bytes[i + 1] == 0x5F, bytes[i + 2] == 0x47 else {
                throw TerminalGraphicsError("byte \(i): expected ESC _ G")
            }
            var j = i + 3
            while j + 1 < bytes.count && !(bytes[j] == 0x1B && bytes[j + 1] == 0x5C) { j += 1 }
            guard j + 1 < bytes.count else { throw TerminalGraphicsError("byte \(i): no ST") }
            let body = Array(bytes[(i + 3)..<j])
            let semi = body.firstIndex(of: 0x3B) ?? body.count
            var keys: [Character: String] = [:]
            for pair in String(decoding: body[..<semi], as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false) {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, kv[0].count == 1, let key = kv[0].first, key.isLetter,
                      Int(kv[1]) != nil || (kv[1].count == 1 && kv[1].first!.isLetter) else {
                    throw TerminalGraphicsError("byte \(i): bad control data '\(pair)'")
                }
                guard keys[key] == nil else { throw TerminalGraphicsError("key \(key) twice") }
                keys[key] = kv[1]
            }
            let payload = semi < body.count ? Array(body[(semi + 1)...]) : []
            let alphabet = Set(Base64.alphabet + [0x3D])
            guard payload.allSatisfy(alphabet.contains) else { throw TerminalGraphicsError("payload not base64") }
            commands.append(Command(keys: keys, payload: payload))
            i = j + 2
        }
        return commands
    }

    static func base64Decode(_ text: [UInt8]) -> [UInt8] {
        var value = [UInt8: UInt32]()
        for (i, c) in Base64.alphabet.enumerated() { value[c] = UInt32(i) }
        var out: [UInt8] = []
        var i = 0
        while i + 4 <= text.count {
            let q = text[i..<(i + 4)]
            let v = q.reduce(UInt32(0)) { $0 << 6 | (value[$1] ?? 0) }
            let pad = q.filter { $0 == 0x3D }.count
            let three = [UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
            out.append(contentsOf: three.prefix(3 - pad))
            i += 4
        }
        return out
    }

    static func inflate(_ data: [UInt8], expected: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: expected)
        var length = uLongf(expected)
        let status = out.withUnsafeMutableBufferPointer { dst in
            data.withUnsafeBufferPointer { src in uncompress(dst.baseAddress, &length, src.baseAddress, uLong(src.count)) }
        }
        return status == Z_OK && Int(length) == expected ? out : nil
    }

    @Test(arguments: [KittyEncoder.Format.rgba, .rgb])
    func framesFollowTheGrammarAndCarryThePixels(format: KittyEncoder.Format) throws {
        let image = TestPattern.dense(width: 300, height: 200)   // compresses to several chunks
        let encoder = KittyEncoder(imageID: 42, placementID: 3, format: format)
        encoder.cells = (columns: 50, rows: 15)
        var out: [UInt8] = []
        try encoder.encode(image, palette: .tangleDark, into: &out)
        let commands = try Self.parse(out)
        #expect(commands.count > 1, "a frame this size needs chunking")
        let first = commands[0].keys
        #expect(first["a"] == "T" && first["o"] == "z" && first["f"] == String(format.rawValue))
        #expect(first["s"] == "300" && first["v"] == "200")
        #expect(first["i"] == "42" && first["p"] == "3" && first["C"] == "1" && first["q"] == "2")
        #expect(first["c"] == "50" && first["r"] == "15")
        for (n, command) in commands.enumerated() {
            let last = n == commands.count - 1
            #expect(command.keys["m"] == (last ? "0" : "1"))
            if n > 0 { #expect(command.keys.count == 1, "continuation chunks carry only m") }
            #expect(command.payload.count <= 4096)
            if !last { #expect(command.payload.count % 4 == 0) }
        }
        let data = Self.base64Decode(commands.flatMap(\.payload))
        let bpp = format == .rgba ? 4 : 3
        let pixels = try #require(Self.inflate(data, expected: 300 * 200 * bpp))
        var expected: [UInt8] = []
        for y in 0..<200 { for x in 0..<300 {
            let o = y * image.stride + x * 4
            expected.append(contentsOf: image.pixels[o..<(o + bpp)])
        } }
        #expect(pixels == expected)
    }

    @Test func strideIsHonoured() throws {
        // Rows padded to 40 bytes for a 9-pixel-wide image: only the 36 pixel bytes go out.
        var bytes = [UInt8](repeating: 0xEE, count: 40 * 3)
        for y in 0..<3 { for x in 0..<9 { for k in 0..<4 { bytes[y * 40 + x * 4 + k] = UInt8(y * 50 + x * 5 + k) } } }
        let image = try #require(RGBAImage(width: 9, height: 3, stride: 40, pixels: bytes))
        var out: [UInt8] = []
        try KittyEncoder().encode(image, palette: .tangleDark, into: &out)
        let commands = try Self.parse(out)
        #expect(commands.count == 1 && commands[0].keys["m"] == "0")
        let pixels = try #require(Self.inflate(Self.base64Decode(commands[0].payload), expected: 9 * 3 * 4))
        #expect(pixels[36] == 50 && !pixels.contains(0xEE))
    }

    @Test func deleteRemovesPlacementsByIDKeepingData() throws {
        let commands = try Self.parse(KittyEncoder(imageID: 9).deleteSequence())
        #expect(commands.count == 1)
        #expect(commands[0].keys == ["a": "d", "d": "i", "i": "9", "q": "2"])
    }

    @Test func base64MatchesKnownVectors() {
        // RFC 4648 §10.
        let cases = ["": "", "f": "Zg==", "fo": "Zm8=", "foo": "Zm9v", "foob": "Zm9vYg==", "fooba": "Zm9vYmE=",
                     "foobar": "Zm9vYmFy"]
        for (plain, encoded) in cases {
            #expect(String(decoding: Base64.encode(Array(plain.utf8)), as: UTF8.self) == encoded)
        }
    }
}
