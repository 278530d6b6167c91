/// What a JPEG says about itself: checks the SOI/EOI markers and walks the
/// segments to the frame header. Nil for anything that is not a baseline or
/// progressive JPEG with sane segment lengths.
struct JPEGInfo: Equatable {
    var width: Int
    var height: Int
    var components: Int

    init(width: Int, height: Int, components: Int) {
        self.width = width
        self.height = height
        self.components = components
    }

    init?(_ b: [UInt8]) {
        guard b.count > 4, b[0] == 0xFF, b[1] == 0xD8, b[b.count - 2] == 0xFF, b[b.count - 1] == 0xD9 else { return nil }
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            let length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            guard length >= 2, i + 2 + length <= b.count else { return nil }
            if marker == 0xC0 || marker == 0xC1 || marker == 0xC2 {
                guard length >= 8 else { return nil }
                height = Int(b[i + 5]) << 8 | Int(b[i + 6])
                width = Int(b[i + 7]) << 8 | Int(b[i + 8])
                components = Int(b[i + 9])
                return
            }
            i += 2 + length
        }
        return nil
    }
}
