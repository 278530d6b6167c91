import Testing
@testable import GraphCore

@Suite struct GraphMLWriterTests {
    func roundTrip(_ g: Graph) throws -> Graph {
        try GraphIO.read(bytes: GraphMLWriter.bytes(g), source: "written.graphml")
    }

    @Test func attributesWeightsAndAwkwardTextSurvive() throws {
        var b = GraphBuilder(directed: true)
        let a = b.node("a&b <c>"), q = b.node("quote\"d"), u = b.node("ünï ☃"), lone = b.node("lonely")
        b.setAttribute(node: a, "count", .int(3))
        b.setAttribute(node: q, "count", .int(-12))
        b.setAttribute(node: a, "score", .double(0.1))
        b.setAttribute(node: u, "score", .double(-2.5e-7))
        b.setAttribute(node: a, "flag", .bool(true))
        b.setAttribute(node: lone, "flag", .bool(false))
        b.setAttribute(node: u, "note", .string("tab\tnew\nline & <tag> \"q\" 'a'"))
        b.addEdge(a, q, weight: 1.5)
        b.addEdge(q, a, weight: 0.1)
        b.addEdge(u, u, weight: 1e300)
        b.setEdgeAttribute(a, q, "kind", .string("road"))
        b.setEdgeAttribute(u, u, "lanes", .int(4))
        b.graphAttributes["title"] = .string("a & b")
        b.graphAttributes["year"] = .int(2024)
        let g = b.build()
        let r = try roundTrip(g)
        #expect(r.isDirected)
        #expect(r.nodeIDs == g.nodeIDs)
        #expect(r.edgeCount == 3)
        #expect(r.weight(0, 1) == 1.5 && r.weight(1, 0) == 0.1 && r.weight(2, 2) == 1e300)
        for key in ["count", "score", "flag", "note"] {
            for n in 0..<4 { #expect(r.nodeAttributes.value(key, n) == g.nodeAttributes.value(key, n), "\(key) \(n)") }
        }
        #expect(r.edgeAttributes == g.edgeAttributes)
        #expect(r.graphAttributes == g.graphAttributes)
    }

    @Test func karateSurvivesAndUnweightedStaysUnweighted() throws {
        let k = try Fixtures.read("karate_networkx.graphml")
        let r = try roundTrip(k)
        #expect(r.labelledEdges == k.labelledEdges)
        #expect(r.nodeAttributes.value("club", 33) == .string("Officer"))
        var b = GraphBuilder(directed: false)
        b.addEdge(b.node("x"), b.node("y"))
        let plain = try roundTrip(b.build())
        #expect(!plain.isWeighted && !plain.isDirected && plain.edgeCount == 1)
    }

    @Test func columnTypesFitTheirValues() throws {
        var b = GraphBuilder(directed: false)
        let x = b.node("x"), y = b.node("y")
        b.setAttribute(node: x, "n", .int(1))
        b.setAttribute(node: y, "n", .double(2.5))     // ints and reals: double
        b.setAttribute(node: x, "m", .bool(true))
        b.setAttribute(node: y, "m", .string("maybe")) // mixed with text: string
        let text = GraphMLWriter.write(b.build())
        #expect(text.contains("attr.name=\"n\" attr.type=\"double\""))
        #expect(text.contains("attr.name=\"m\" attr.type=\"string\""))
        let r = try roundTrip(b.build())
        #expect(r.nodeAttributes.value("n", 0) == .double(1))
        #expect(r.nodeAttributes.value("m", 0) == .string("true"))
    }
}
