import Testing
@testable import TerminalGraphics

/// Half-block and braille output replayed on a model screen, checked cell by cell.
@Suite struct CellBlitterTests {
    let red = RGB(200, 30, 40), blue = RGB(20, 40, 210), black = RGB(0, 0, 0), white = RGB(255, 255, 255)

    @Test func halfBlocksShowTopAndBottomPixels() throws {
        // 3 columns × 4 pixel rows → 3×2 cells at (2, 5).
        var image = RGBAImage(width: 3, height: 4, fill: black)
        image.set(x: 0, y: 0, red)                      // cell (0,0): red over black
        image.set(x: 1, y: 0, blue); image.set(x: 1, y: 1, blue) // cell (0,1): all blue → space on blue
        image.set(x: 2, y: 3, white)                    // cell (1,2): black over white
        var blitter = HalfBlockBlitter()
        var out: [UInt8] = []
        blitter.blit(image, origin: CellPoint(row: 2, column: 5), into: &out)
        var screen = ScreenModel(rows: 6, columns: 10)
        try screen.feed(out)
        #expect(screen[2, 5] == .init(glyph: 0x2580, fg: red, bg: black))
        #expect(screen[2, 6] == .init(glyph: 0x20, fg: nil, bg: blue))
        #expect(screen[2, 7] == .init(glyph: 0x20, fg: nil, bg: black))
        #expect(screen[3, 5] == .init(glyph: 0x20, fg: nil, bg: black))
        #expect(screen[3, 7] == .init(glyph: 0x2580, fg: black, bg: white))
        #expect(screen[1, 5] == .init(), "nothing outside the rectangle")
        #expect(screen[2, 8] == .init())
        #expect(out.suffix(4) == [0x1B, 0x5B, 0x30, 0x6D], "ends with SGR 0")
    }

    @Test func onlyChangedCellsAreSentAgain() throws {
        var image = TestPattern.graph(width: 20, height: 12, nodes: 8, edges: 10, seed: 5)
        var blitter = HalfBlockBlitter()
        var screen = ScreenModel(rows: 8, columns: 24)
        var out: [UInt8] = []
        blitter.blit(image, origin: CellPoint(row: 1, column: 2), into: &out)
        try screen.feed(out)
        #expect(screen.written == 20 * 6)
        out = []
        blitter.blit(image, origin: CellPoint(row: 1, column: 2), into: &out)
        #expect(out.isEmpty, "an unchanged frame costs nothing")
        image.set(x: 7, y: 9, RGB(1, 2, 3))
        out = []
        blitter.blit(image, origin: CellPoint(row: 1, column: 2), into: &out)
        try screen.feed(out)
        #expect(screen.written == 1)
        #expect(screen[1 + 4, 2 + 7].bg == RGB(1, 2, 3))
        blitter.invalidate()
        out = []
        blitter.blit(image, origin: CellPoint(row: 1, column: 2), into: &out)
        try screen.feed(out)
        #expect(screen.written == 20 * 6, "invalidate repaints everything")
    }

    @Test func sameColoursAreNotRepeated() {
        let image = RGBAImage(width: 40, height: 2, fill: blue)
        var blitter = HalfBlockBlitter()
        var out: [UInt8] = []
        blitter.blit(image, origin: CellPoint(row: 0, column: 0), into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.components(separatedBy: "48;2;").count == 2, "one background escape for a uniform row")
    }

    @Test func ansi256UsesTheCubeAndGreys() throws {
        var image = RGBAImage(width: 2, height: 2, fill: RGB(255, 0, 0))
        image.set(x: 1, y: 0, RGB(128, 128, 128)); image.set(x: 1, y: 1, RGB(128, 128, 128))
        var blitter = HalfBlockBlitter(depth: .ansi256)
        var out: [UInt8] = []
        blitter.blit(image, origin: CellPoint(row: 0, column: 0), into: &out)
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("48;5;196"), "pure red is cube entry 196")
        #expect(text.contains("48;5;244"), "mid grey is ramp entry 244 (128,128,128)")
        #expect(!text.contains(";2;"))
        #expect(Ansi256.color(196) == RGB(255, 0, 0))
        #expect(Ansi256.index(of: RGB(0, 0, 0)) == 16)
        #expect(Ansi256.index(of: RGB(255, 255, 255)) == 231)
    }

    @Test func brailleDotsFollowThePixels() throws {
        // Two cells: left has a 2×4 pattern of red dots on black; right is all blue.
        var image = RGBAImage(width: 4, height: 4, fill: black)
        image.set(x: 0, y: 0, red)   // dot 1 (0x01)
        image.set(x: 1, y: 1, red)   // dot 5 (0x10)
        image.set(x: 0, y: 3, red)   // dot 7 (0x40)
        for y in 0..<4 { for x in 2..<4 { image.set(x: x, y: y, blue) } }
        var blitter = BrailleBlitter()
        var out: [UInt8] = []
        blitter.blit(image, origin: CellPoint(row: 0, column: 0), into: &out)
        var screen = ScreenModel(rows: 1, columns: 2)
        try screen.feed(out)
        #expect(screen[0, 0] == .init(glyph: 0x2800 | 0x01 | 0x10 | 0x40, fg: red, bg: black))
        #expect(screen[0, 1] == .init(glyph: 0x20, fg: nil, bg: blue))
    }

    @Test func brailleMapsEveryDotPosition() throws {
        // One lit pixel at a time gives each of the eight dot bits.
        let expected: [UInt32] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80]
        for k in 0..<8 {
            var image = RGBAImage(width: 2, height: 4, fill: black)
            image.set(x: k & 1, y: k >> 1, white)
            var blitter = BrailleBlitter()
            var out: [UInt8] = []
            blitter.blit(image, origin: CellPoint(row: 0, column: 0), into: &out)
            var screen = ScreenModel(rows: 1, columns: 1)
            try screen.feed(out)
            #expect(screen[0, 0].glyph == 0x2800 | expected[k], "pixel \(k)")
        }
    }
}
