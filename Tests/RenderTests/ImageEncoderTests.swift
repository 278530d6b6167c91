import CPNG
import CTurboJPEG
import Foundation
import Testing
@testable import Render

@Suite struct ImageEncoderTests {
    func frame() throws -> (Renderer, Frame, Scene) {
        var s = try RendererTests.triangleScene(legend: true)
        s.topLabels = 4
        let r = try Renderer(width: 160, height: 120)
        let f = try r.render(s, camera: RendererTests.camera(s, 160, 120), theme: ThemeLibrary.builtin("light")!)
        return (r, f, s)
    }

    @Test func pngDecodesToTheSamePixels() throws {
        let (_, f, _) = try frame()
        let bytes = try ImageEncoder.png(f)
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        var image = png_image()
        image.version = UInt32(PNG_IMAGE_VERSION)
        #expect(png_image_begin_read_from_memory(&image, bytes, bytes.count) != 0)
        #expect(image.width == 160 && image.height == 120)
        image.format = UInt32(PNG_FORMAT_RGB)
        var out = [UInt8](repeating: 0, count: 160 * 120 * 3)
        #expect(png_image_finish_read(&image, nil, &out, 160 * 3, nil) != 0)
        let src = f.copyBytes()
        var same = true
        for i in 0..<(160 * 120) where out[3 * i] != src[4 * i] || out[3 * i + 1] != src[4 * i + 1] || out[3 * i + 2] != src[4 * i + 2] {
            same = false
        }
        #expect(same)
    }

    @Test func jpegDecodesCloseToThePixels() throws {
        let (_, f, _) = try frame()
        let bytes = try ImageEncoder.jpeg(f, quality: 95)
        #expect(bytes.prefix(2) == [0xFF, 0xD8])
        let d = tjInitDecompress()!
        defer { tjDestroy(d) }
        var out = [UInt8](repeating: 0, count: 160 * 120 * 4)
        #expect(tjDecompress2(d, bytes, UInt(bytes.count), &out, 160, 160 * 4, 120, Int32(TJPF_RGBA.rawValue), 0) == 0)
        // The background corner survives compression within a few levels.
        let bg = ThemeLibrary.builtin("light")!.background
        #expect(abs(Int(out[0]) - Int(bg.r)) < 6 && abs(Int(out[1]) - Int(bg.g)) < 6 && abs(Int(out[2]) - Int(bg.b)) < 6)
    }

    @Test func writesByExtensionAndRefusesOthers() throws {
        let (_, f, _) = try frame()
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try ImageEncoder.write(f, to: dir + "/a.png")
        try ImageEncoder.write(f, to: dir + "/a.JPG")
        #expect(FileManager.default.contents(atPath: dir + "/a.png")?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        #expect(FileManager.default.contents(atPath: dir + "/a.JPG")?.prefix(2) == Data([0xFF, 0xD8]))
        #expect(throws: RenderError(file: dir + "/a.gif", "unknown image type (expected .png, .jpg or .jpeg)")) {
            try ImageEncoder.write(f, to: dir + "/a.gif")
        }
    }

    @Test func fontAtlasHasReadableGlyphs() {
        for font in [FontAtlas.small, FontAtlas.regular] {
            let a = font.coverage("A"), space = font.coverage(" "), dash = font.coverage("–")
            #expect(a.count == font.cellWidth * font.cellHeight)
            #expect(a.filter { $0 > 128 }.count >= 8)
            #expect(space.allSatisfy { $0 == 0 })
            #expect(dash.contains { $0 > 128 })
            #expect(Array(font.coverage("\u{4E2D}")) == Array(font.coverage("?")))
            #expect(font.width(of: "abc") == 3 * font.cellWidth)
        }
    }
}
