import GraphCore
import Testing
@testable import Render

@Suite struct StyleTests {
    @Test func sizesGrowWithDegree() {
        let g = graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")])
        let s = NodeStyle.sizes(byDegreeOf: g)
        let hub = g.node(withID: "hub")!, a = g.node(withID: "a")!, c = g.node(withID: "c")!
        #expect(s[hub] > s[a])
        #expect(s[a] > s[c])
        let r = NodeStyle.radiusRange(nodeCount: g.nodeCount)
        #expect(s[hub] == r.max)
        #expect(s[c] == r.min)
    }

    @Test func categoricalAttributeLargestGroupFirst() throws {
        let g = graph([("a", "b"), ("b", "c"), ("c", "d")],
                      attributes: ["a": ["club": .string("Officer")], "b": ["club": .string("Mr. Hi")],
                                   "c": ["club": .string("Mr. Hi")], "d": ["club": .string("Mr. Hi")]])
        let c = try NodeStyle.categories(byAttribute: "club", of: g)
        #expect(c.names == ["Mr. Hi", "Officer"])
        #expect(c.categories[g.node(withID: "b")!] == 0)
        #expect(c.categories[g.node(withID: "a")!] == 1)
        #expect(throws: RenderError.self) { try NodeStyle.categories(byAttribute: "nope", of: g) }
        #expect(throws: RenderError.self) { try NodeStyle.sizes(byAttribute: "club", of: g) }
    }

    @Test func numericAttributeSizes() throws {
        let g = graph([("a", "b")], attributes: ["a": ["w": .double(1)], "b": ["w": .int(9)]])
        let s = try NodeStyle.sizes(byAttribute: "w", of: g)
        #expect(s[g.node(withID: "b")!] > s[g.node(withID: "a")!])
    }

    @Test func degreeBucketsDouble() {
        // Degrees: hub 8, leaves 1.
        let g = graph((0..<8).map { ("hub", "l\($0)") })
        let c = NodeStyle.categories(byDegreeOf: g)
        #expect(c.names == ["0–1", "2–3", "4–7", "8"])
        #expect(c.categories[g.node(withID: "hub")!] == 3)
        #expect(c.categories[g.node(withID: "l0")!] == 0)
    }

    @Test func communityLabelsRankedBySize() {
        let c = NodeStyle.categories(labels: [7, 7, 3, 7, 3, 9])
        #expect(c.categories == [0, 0, 1, 0, 1, 2])
        #expect(c.names == ["7", "3", "9"])
    }
}
