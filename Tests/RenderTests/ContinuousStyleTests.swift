import GraphCore
import Testing
@testable import Render

/// Colour by a number: ramp categories, the theme's ramp, the legend's scale.
@Suite struct ContinuousStyleTests {
    @Test func valuesMapLinearlyOntoTheRamp() {
        let (cats, scale) = NodeStyle.continuous([2, nil, 10, 6, .nan, 4])
        #expect(scale == Legend.Scale(min: 2, max: 10))
        #expect(cats[0] == Theme.rampBase)
        #expect(cats[2] == Theme.rampBase + Theme.rampSteps - 1)
        #expect(cats[3] == Theme.rampCategory(0.5))
        #expect(cats[1] == -1 && cats[4] == -1)
        #expect(cats[0] < cats[5] && cats[5] < cats[3] && cats[3] < cats[2])
        // One value everywhere: the middle of the ramp; no numbers: no scale.
        #expect(NodeStyle.continuous([3, 3]).categories == [Theme.rampCategory(0.5), Theme.rampCategory(0.5)])
        #expect(NodeStyle.continuous([nil, nil]).scale == nil)
    }

    @Test func rampEndsAreTheThemesStopsAndCategoriesReachThem() throws {
        let dark = Theme.dark
        #expect(dark.ramp.isEmpty)
        #expect(dark.rampColor(0) == Theme.defaultRamp.first && dark.rampColor(1) == Theme.defaultRamp.last)
        #expect(dark.color(ofCategory: Theme.rampBase) == Theme.defaultRamp.first)
        #expect(dark.color(ofCategory: Theme.rampBase + Theme.rampSteps - 1) == Theme.defaultRamp.last)
        // Categorical colours are untouched.
        #expect(dark.color(ofCategory: 0) == dark.palette[0] && dark.color(ofCategory: -1) == dark.other)
        let light = try #require(ThemeLibrary.builtin("light"))
        #expect(light.ramp.count == 5 && light.rampColor(1) == light.ramp.last)
        // The sixel palette holds every ramp step exactly.
        for t in [dark, light] {
            let p = t.indexedPalette
            #expect(p.colors.count <= 256)
            for s in 0..<Theme.rampSteps { #expect(p.index(of: t.color(ofCategory: Theme.rampBase + s)) != nil) }
        }
    }

    @Test func themeFilesMayGiveARamp() throws {
        let t = try ThemeLibrary.parse(##"{ "nodes": { "ramp": ["#000000", "#ffffff"] } }"##, file: "r.json")
        #expect(t.rampColor(0) == RGB(0, 0, 0) && t.rampColor(1) == RGB(255, 255, 255))
        #expect(t.rampColor(0.5) == RGB(128, 128, 128))
        let seventeen = "[" + Array(repeating: "\"#101010\"", count: 17).joined(separator: ",") + "]"
        #expect(throws: RenderError.self) { try ThemeLibrary.parse(#"{ "nodes": { "ramp": \#(seventeen) } }"#, file: "r.json") }
    }

    @Test func legendWithAScaleDrawsAGradientBar() throws {
        let (_, scale) = NodeStyle.continuous([0, 0.5, 1])
        let legend = Legend(color: "pagerank", entries: ["unused"], size: nil, colorScale: scale)
        let (w, h) = (320, 240)
        let pixels = UnsafeMutablePointer<UInt8>.allocate(capacity: w * h * 4)
        pixels.initialize(repeating: 0, count: w * h * 4)
        defer { pixels.deallocate() }
        let canvas = Canvas(base: pixels, width: w, height: h, stride: w * 4)
        let box = try #require(Overlay.drawLegend(legend, Theme.dark, FontAtlas.suited(toHeight: h), canvas))
        var seen = Set<RGB>()
        for y in box.y..<(box.y + box.h) {
            for x in box.x..<(box.x + box.w) {
                let p = pixels + (y * w + x) * 4
                seen.insert(RGB(p[0], p[1], p[2]))
            }
        }
        // Both ends of the ramp are drawn, and no categorical swatch.
        #expect(seen.contains(Theme.defaultRamp.first!) && seen.contains(Theme.defaultRamp.last!))
        #expect(!seen.contains(Theme.dark.palette[0]))
        #expect(Overlay.scaleText(0.0024451) == "0.002445" && Overlay.scaleText(12) == "12")
    }
}
