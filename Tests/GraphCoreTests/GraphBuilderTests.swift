import Testing
@testable import GraphCore

@Suite struct GraphBuilderTests {
    @Test func mergesParallelEdgesAndKeepsLoops() {
        var b = GraphBuilder(directed: false)
        let a = b.node("a"), c = b.node("c"), d = b.node("d")
        b.addEdge(a, c, weight: 2)
        b.addEdge(c, a, weight: 3)   // parallel, reversed
        b.addEdge(d, d)              // self-loop, weight 1
        b.addEdge(a, d)
        let g = b.build()
        #expect(g.nodeCount == 3)
        #expect(g.edgeCount == 3)
        #expect(g.selfLoopCount == 1)
        #expect(g.weight(0, 1) == 5)
        #expect(g.weight(1, 0) == 5)
        #expect(g.degree(2) == 3)    // loop counts 2, plus a–d
        #expect(g.nodeIDs == ["a", "c", "d"])
    }

    @Test func directedKeepsBothDirectionsApart() {
        var b = GraphBuilder(directed: true)
        let x = b.node("x"), y = b.node("y")
        b.addEdge(x, y); b.addEdge(y, x); b.addEdge(x, y)
        let g = b.build()
        #expect(g.edgeCount == 2)
        #expect(g.inbound!.neighbours(1).map { $0 } == [0])
        #expect(g.degree(0) == 2)
        #expect(g.undirectedNeighbours(0) == [1])
    }

    @Test func internsManyIdsByBytes() {
        var b = GraphBuilder(directed: false)
        for i in 0..<10_000 { b.node("n\(i)") }
        for i in stride(from: 0, to: 10_000, by: 7) { #expect(b.existingNode("n\(i)") == Int32(i)) }
        #expect(b.existingNode("n10000") == nil)
        #expect(b.node("007") != b.node("7"))
        #expect(b.id(of: 9_999) == "n9999")
    }
}
