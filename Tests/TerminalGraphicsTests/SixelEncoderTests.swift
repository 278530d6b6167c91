import Testing
import TangleBasics
@testable import TerminalGraphics

/// Our sixel output, decoded by libsixel, is the frame we encoded — each pixel
/// its palette colour up to the 1 % steps of sixel colour registers (≤ 2 levels).
@Suite struct SixelEncoderTests {
    let palette = Palette.tangleDark

    func assertRoundTrip(_ image: RGBAImage, encoder: PixelEncoder, repeat k: Int = 1,
                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        var encoder = encoder
        var out: [UInt8] = []
        try encoder.encode(image, palette: palette, into: &out)
        let decoded = try DecodedSixel(out)
        #expect(decoded.width == image.width * k, sourceLocation: sourceLocation)
        #expect(decoded.height == image.height * k, sourceLocation: sourceLocation)
        guard decoded.width == image.width * k, decoded.height == image.height * k else { return }
        var worst = 0, mismatches = 0
        for y in 0..<decoded.height {
            for x in 0..<decoded.width {
                let source = image.rgb(x: x / k, y: y / k)
                let got = decoded.rgb(x: x, y: y)
                let err = channelError(got, source)
                worst = max(worst, err)
                if err > 2 { mismatches += 1 }
            }
        }
        #expect(mismatches == 0, "pixels off by more than the register rounding", sourceLocation: sourceLocation)
        #expect(worst <= 2, sourceLocation: sourceLocation)
    }

    @Test func stripsDecodeToTheirRowsOfTheFrame() throws {
        // Strips of 20 output rows (a cell), not multiples of 6, at pixel repeat 2:
        // each decodes (libsixel) to exactly its rows of the whole frame, with only its colours defined.
        let image = TestPattern.graph(width: 90, height: 50, nodes: 30, edges: 60, palette: palette, seed: 5)
        let encoder = SixelEncoder()
        encoder.pixelRepeat = 2
        let strips = [0..<20, 20..<40, 40..<60, 60..<100]
        let parts = try encoder.encode(image, palette: palette, strips: strips)
        #expect(parts.count == strips.count)
        var whole: [UInt8] = []
        try encoder.encode(image, palette: palette, into: &whole)
        #expect(parts.map(\.count).reduce(0, +) < whole.count * 2)
        for (strip, bytes) in zip(strips, parts) {
            let decoded = try DecodedSixel(bytes)
            #expect(decoded.width == 180 && decoded.height == strip.count)
            var mismatches = 0
            for y in 0..<decoded.height {
                for x in 0..<decoded.width where channelError(decoded.rgb(x: x, y: y), image.rgb(x: x / 2, y: (strip.lowerBound + y) / 2)) > 2 {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "strip \(strip)")
        }
    }

    @Test func graphFrameOddSizeRoundTrips() throws {
        // 97×61: width not a multiple of 8 (word skips), height not of 6 (a partial band).
        let image = TestPattern.graph(width: 97, height: 61, nodes: 40, edges: 80, palette: palette, seed: 3)
        try assertRoundTrip(image, encoder: SixelEncoder())
    }

    @Test func denseFrameRoundTrips() throws {
        try assertRoundTrip(TestPattern.dense(width: 160, height: 120, palette: palette), encoder: SixelEncoder())
    }

    @Test func twoThreadsGiveTheSameBytesAsOne() throws {
        let image = TestPattern.graph(width: 200, height: 133, nodes: 150, edges: 300, palette: palette, seed: 9)
        var one: [UInt8] = [], two: [UInt8] = []
        try SixelEncoder(threads: 1).encode(image, palette: palette, into: &one)
        try SixelEncoder(threads: 2).encode(image, palette: palette, into: &two)
        #expect(one == two)
        try assertRoundTrip(image, encoder: SixelEncoder(threads: 2))
    }

    @Test func pixelRepeatScalesEachPixelToABlock() throws {
        let image = TestPattern.graph(width: 50, height: 31, nodes: 20, edges: 30, palette: palette, seed: 4)
        let encoder = SixelEncoder()
        encoder.pixelRepeat = 3
        try assertRoundTrip(image, encoder: encoder, repeat: 3)
    }

    @Test func tinyAndSingleRowImages() throws {
        try assertRoundTrip(TestPattern.quadrants(width: 2, height: 2, colors: Array(palette.colors[3...7])),
                            encoder: SixelEncoder())
        try assertRoundTrip(TestPattern.graph(width: 17, height: 1, nodes: 3, edges: 2, palette: palette),
                            encoder: SixelEncoder())
    }

    @Test func offPaletteColoursMapToTheNearestEntry() throws {
        // Noise: every pixel a random colour; each must decode as its nearest palette colour.
        var image = RGBAImage(width: 64, height: 40)
        var rng = SplitMix64(seed: 77)
        for y in 0..<40 { for x in 0..<64 {
            image.set(x: x, y: y, RGB(UInt8(rng.below(256)), UInt8(rng.below(256)), UInt8(rng.below(256))))
        } }
        var out: [UInt8] = []
        try SixelEncoder().encode(image, palette: palette, into: &out)
        let decoded = try DecodedSixel(out)
        // The table answers for the 8-level cube cell's centre m: with h = |p − m| ≤ √48, the chosen
        // colour is at most 2h farther than the true nearest (triangle inequality), plus ≤ √3·1.3
        // for the registers' percent steps.
        var violations = 0, exact = 0
        for y in 0..<40 { for x in 0..<64 {
            let source = image.rgb(x: x, y: y)
            let nearest = palette.colors[PaletteIndexer.nearest(source, in: palette.colors)]
            let got = decoded.rgb(x: x, y: y)
            let slack = Double(source.distanceSquared(got)).squareRoot()
                - Double(source.distanceSquared(nearest)).squareRoot()
            if slack > 2 * Double(48).squareRoot() + 2.3 { violations += 1 }
            if channelError(got, sixelRounded(nearest)) == 0 { exact += 1 }
        } }
        #expect(violations == 0)
        #expect(exact > 64 * 40 * 9 / 10, "most noise pixels get exactly their nearest colour")
    }

    @Test func everyPaletteColourMapsToItself() {
        let indexer = PaletteIndexer(palette.addingBlends(toward: palette.colors[0], levels: 4))
        for (i, c) in indexer.palette.colors.enumerated() {
            #expect(indexer.palette.colors[Int(indexer.index(of: c))] == c, "colour \(i) \(c)")
        }
    }

    @Test func onlyUsedColoursAreDefined() throws {
        let c = palette.colors
        let image = TestPattern.quadrants(width: 12, height: 12, colors: [c[3], c[3], c[9], c[9]])
        var out: [UInt8] = []
        try SixelEncoder().encode(image, palette: palette, into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("#0;2;"))
        #expect(text.contains("#1;2;"))
        #expect(!text.contains("#2;2;"))
        #expect(text.hasPrefix("\u{1B}P0;1;0q\"1;1;12;12"))
        #expect(text.hasSuffix("\u{1B}\\"))
    }

    @Test func emptyImageIsAnError() {
        #expect(throws: TerminalGraphicsError.self) {
            var out: [UInt8] = []
            try SixelEncoder().encode(RGBAImage(width: 0, height: 5), palette: palette, into: &out)
        }
    }

    @Test func libsixelFixedPaletteRoundTrips() throws {
        let image = TestPattern.graph(width: 97, height: 61, nodes: 40, edges: 80, palette: palette, seed: 3)
        let encoder = try LibSixelEncoder(mode: .fixedPalette)
        try assertRoundTrip(image, encoder: encoder)
        // The reused dither keeps working (its pixel format is set before every encode).
        try assertRoundTrip(TestPattern.dense(width: 90, height: 50, palette: palette), encoder: encoder)
    }

    @Test func libsixelQuantizingPathIsClose() throws {
        // libsixel's own palette for a frame of ≤ 16 colours recovers them closely.
        let image = TestPattern.graph(width: 80, height: 48, nodes: 30, edges: 60, palette: palette, seed: 5)
        var out: [UInt8] = []
        try LibSixelEncoder(mode: .quantizing(colors: 256, diffusion: false)).encode(image, palette: palette, into: &out)
        let decoded = try DecodedSixel(out)
        #expect(decoded.width == 80 && decoded.height == 48)
        var total = 0
        for y in 0..<48 { for x in 0..<80 { total += channelError(decoded.rgb(x: x, y: y), image.rgb(x: x, y: y)) } }
        #expect(Double(total) / Double(80 * 48) < 6)
    }
}
