import Foundation
import Testing
@testable import Render

@Suite struct ThemeTests {
    @Test func builtinThemesParseAndAreComplete() throws {
        #expect(ThemeLibrary.builtinNames.first == "dark")
        for name in ["dark", "light", "solarized-dark", "high-contrast"] {
            let t = try ThemeLibrary.parseBuiltin(name)
            #expect(t.name == name)
            #expect(t.palette.count >= 6)
            #expect(ThemeLibrary.builtin(name) == t)
            // Every colour is distinct from the background, so nodes show.
            for c in t.palette + [t.highlight, t.match, t.label, t.edge] { #expect(c != t.background) }
        }
    }

    @Test func builtinCopiesMatchTheThemeFiles() throws {
        let dir = repositoryRoot + "/themes"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files.map { String($0.dropLast(5)) } == ThemeLibrary.builtinFiles.map(\.name).sorted())
        for f in files {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            let embedded = ThemeLibrary.builtinFiles.first { $0.name + ".json" == f }?.text
            #expect(embedded.map { $0 + "\n" } == text, "run scripts/embed_themes.py after editing \(f)")
        }
    }

    @Test func darkIsTheDefaultAndUsesOkabeIto() {
        let t = Theme.dark
        #expect(t.background == RGB(hex: "#14161b"))
        #expect(t.palette.contains(RGB(hex: "#e69f00")!))
        #expect(t.color(ofCategory: 0) == t.palette[0])
        #expect(t.color(ofCategory: 99) == t.other)
        #expect(t.color(ofCategory: -1) == t.other)
    }

    @Test func badColourNamesFileAndKey() {
        let text = ##"{ "name": "x", "edges": { "color": "#12345g" } }"##
        #expect(throws: RenderError(file: "x.json", key: "edges.color",
                                    ##"expected a colour like "#1f77b4", found "#12345g""##)) {
            try ThemeLibrary.parse(text, file: "x.json")
        }
    }

    @Test func outOfRangeNumberAndUnknownKeyAreReported() {
        #expect(throws: RenderError(file: "y.json", key: "edges.alpha", ##"expected a number from 0 to 1, found "high""##)) {
            try ThemeLibrary.parse(##"{ "edges": { "alpha": "high" } }"##, file: "y.json")
        }
        #expect(throws: RenderError(file: "y.json", key: "dim.amount", "expected a number from 0 to 1, found 2")) {
            try ThemeLibrary.parse(##"{ "dim": { "amount": 2 } }"##, file: "y.json")
        }
        do {
            _ = try ThemeLibrary.parse(##"{ "edge": { "alpha": 0.2 } }"##, file: "z.json")
            Issue.record("an unknown key must be an error")
        } catch let e as RenderError {
            #expect(e.file == "z.json")
            #expect(e.key == "edge")
            #expect(e.message.hasPrefix("unknown key"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func syntaxErrorNamesLineAndColumn() {
        do {
            _ = try ThemeLibrary.parse("{\n  \"name\": \"q\",\n  \"background\": #000\n}", file: "q.json")
            Issue.record("bad JSON must be an error")
        } catch let e as RenderError {
            #expect(e.file?.hasPrefix("q.json:3:") == true, "\(e)")
            #expect(e.message.contains("not valid JSON"))
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test func partialThemeInheritsFromItsBase() throws {
        let t = try ThemeLibrary.parse(##"{ "name": "mine", "base": "light", "edges": { "alpha": 0.5 } }"##, file: "m.json")
        let light = ThemeLibrary.builtin("light")!
        #expect(t.name == "mine")
        #expect(t.background == light.background)
        #expect(t.palette == light.palette)
        #expect(t.edgeAlpha == 0.5)
        #expect(throws: RenderError(file: "n.json", key: "base", ##"no theme named "nope""##)) {
            try ThemeLibrary.parse(##"{ "base": "nope" }"##, file: "n.json")
        }
    }

    @Test func userThemesLoadFromXDGAndBadOnesFallBack() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let themes = dir + "/tangle/themes"
        try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
        try ##"{ "name": "ocean", "background": "#001122" }"##.write(toFile: themes + "/ocean.json", atomically: true, encoding: .utf8)
        try ##"{ "name": "broken", "nodes": { "palette": ["#fff"] } }"##.write(toFile: themes + "/broken.json", atomically: true, encoding: .utf8)
        let env = ["XDG_CONFIG_HOME": dir, "HOME": "/nonexistent"]
        #expect(ThemeLibrary.userDirectory(environment: env) == themes)
        #expect(ThemeLibrary.userThemeNames(environment: env) == ["broken", "ocean"])

        let ocean = ThemeLibrary.named("ocean", environment: env)
        #expect(ocean.warning == nil)
        #expect(ocean.theme.background == RGB(0x00, 0x11, 0x22))

        let broken = ThemeLibrary.named("broken", environment: env)
        #expect(broken.theme == Theme.dark)
        #expect(broken.warning?.contains(themes + "/broken.json: nodes.palette: expected 2 to 24 colours, found 1") == true,
                "\(broken.warning ?? "")")
        let missing = ThemeLibrary.named("nosuch", environment: env)
        #expect(missing.theme == Theme.dark)
        #expect(missing.warning?.contains("no theme named \"nosuch\"") == true)
    }

    @Test func indexedPaletteHoldsTheThemesColours() {
        for name in ThemeLibrary.builtinNames {
            let t = ThemeLibrary.builtin(name)!
            let p = t.indexedPalette
            #expect(p.colors.count <= 256)
            #expect(p.colors.count == Set(p.colors).count)
            #expect(p.colors.first == t.background)
            for c in t.palette + [t.background, t.highlight, t.match, t.label, t.other] {
                #expect(p.index(of: c) != nil, "\(name) lacks \(c)")
                #expect(p.colors[p.nearest(c.r, c.g, c.b)] == c)
            }
            let table = p.lookupTable()
            #expect(table.count == 32 * 32 * 32)
            #expect(table.allSatisfy { Int($0) < p.colors.count })
        }
    }

    @Test func hexColours() {
        #expect(RGB(hex: "#fff") == RGB(255, 255, 255))
        #expect(RGB(hex: "0a0B0c") == RGB(10, 11, 12))
        #expect(RGB(hex: "#12") == nil)
        #expect(RGB(10, 11, 12).hex == "#0a0b0c")
        #expect(RGB(0, 0, 0).mixed(with: RGB(255, 255, 255), 0.5) == RGB(128, 128, 128))
    }
}
