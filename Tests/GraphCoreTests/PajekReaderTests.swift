import Testing
@testable import GraphCore

@Suite struct PajekReaderTests {
    func pajek(_ text: String, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "t.net", options: ReadOptions(format: .pajek, directed: directed))
    }

    func pajekError(_ text: String) -> GraphError? {
        do { _ = try pajek(text); return nil } catch let e as GraphError { return e } catch { return nil }
    }

    @Test func pajekStyleSectionsCoordinatesAndPairs() throws {
        let g = try PeerFixtures.read("mixed_sections_pajek.net")
        #expect(g.graphAttributes["name"] == .string("Mixed sections"))
        #expect(g.isDirected)  // *Arcs anywhere makes the graph directed
        let one = try #require(g.node(withID: "one"))
        #expect(g.nodeAttributes.value("x", one) == .double(0.1))
        #expect(g.nodeAttributes.value("y", one) == .double(0.2))
        #expect(g.nodeAttributes.value("z", one) == .double(0.5))
        #expect(g.nodeAttributes.value("shape", one) == .string("box"))
        #expect(g.nodeAttributes.value("ic", one) == .string("Red"))
        let three = try #require(g.node(withID: "three"))
        #expect(g.nodeAttributes.value("x", three) == .double(0.3))
        #expect(g.nodeAttributes.value("z", three) == nil)
        // *Edges in a directed graph: both directions, same weight.
        let two = try #require(g.node(withID: "two"))
        #expect(g.weight(two, three) == 1.5 && g.weight(three, two) == 1.5)
        #expect(g.weight(one, two) == 2 && g.weight(two, one) == nil)
    }

    @Test func networkxAttributesAndLabels() throws {
        let g = try PeerFixtures.read("people_networkx.net")
        let alice = try #require(g.node(withID: "Alice Smith"))
        let bob = try #require(g.node(withID: "bob"))
        #expect(g.nodeAttributes.value("role", alice) == .string("admin"))
        #expect(g.nodeAttributes.value("shape", bob) == .string("ellipse"))
        #expect(g.edgeAttributes[EdgeKey(Int32(alice), Int32(bob), directed: true)]?["kind"] == .string("follows"))
        let karate = try PeerFixtures.read("karate_networkx.net")
        #expect(karate.nodeAttributes.value("club", 0) == .string("Mr. Hi"))
        #expect(karate.nodeAttributes.value("club", 9) == .string("Officer"))
    }

    @Test func duplicateLabelsFallBackToNumbers() throws {
        let g = try pajek("*Vertices 3\n1 \"a\"\n2 \"a\"\n3 \"1\"\n*Edges\n1 2\n")
        #expect(g.nodeIDs == ["1", "2", "3"])
        #expect(g.label(of: 0) == "a" && g.label(of: 1) == "a" && g.label(of: 2) == "1")
        #expect(g.edgeCount == 1)
        // A label equal to an unlabelled vertex's number is a clash too.
        let h = try pajek("*Vertices 2\n1 \"2\"\n")
        #expect(h.nodeIDs == ["1", "2"])
    }

    @Test func listsMatrixCommentsAndLineEndings() throws {
        let g = try pajek("% comment\r\n*vertices 4\r\n*arcslist\r\n1 2 3\r\n\r\n%x\r\n2 4\r\n*EDGES\r\n3 4 0.5\r\n")
        #expect(g.isDirected)
        #expect(g.nodeIDs == ["1", "2", "3", "4"])
        #expect(g.edgeCount == 5)
        #expect(g.weight(3, 2) == 0.5)
        let m = try pajek("*Vertices 3\n*Matrix\n0 1 0\n2.5 0 0\n0 0 1\n")
        #expect(m.isDirected)
        #expect(m.weight(0, 1) == 1 && m.weight(1, 0) == 2.5 && m.weight(2, 2) == 1)
        #expect(m.edgeCount == 3)
        let u = try pajek("*Vertices 3\n*Edgeslist\n1 2 3\n")
        #expect(!u.isDirected && u.edgeCount == 2)
    }

    @Test func networkAndProjectSections() throws {
        let g = try pajek("*Network demo net\n*Vertices 2\n*Edges :1 \"friends\"\n1 2\n*Partition p\n*Vertices 2\n1\n2\n*Network second\n*Vertices 9\n*Edges\n1 9\n")
        #expect(g.graphAttributes["name"] == .string("demo net"))
        #expect(g.nodeCount == 2 && g.edgeCount == 1)
        let empty = try pajek("*Vertices 0\n")
        #expect(empty.nodeCount == 0)
    }

    @Test func directedOptionOverridesTheFile() throws {
        let g = try pajek("*Vertices 2\n*Arcs\n1 2\n2 1 3\n", directed: false)
        #expect(!g.isDirected)
        #expect(g.weight(0, 1) == 4)  // directions merged, weights add
    }

    @Test func errorsNameThePlace() throws {
        #expect(pajekError("*Vertices 3\n*Edges\n1 4\n") == GraphError(source: "t.net", line: 3, column: 3,
                "vertex 4 is out of range: *Vertices declares 3, so vertices run from 1 to 3"))
        #expect(pajekError("*Vertices 3\n*Edges\n0 1\n")?.message == "vertex 0 is out of range: *Vertices declares 3, so vertices run from 1 to 3")
        #expect(pajekError("*Vertices 3\n*Edges\n1\n") == GraphError(source: "t.net", line: 3, column: 2, "expected a vertex number, found end of line"))
        #expect(pajekError("*Vertices 3\n*Edges\n1 x\n")?.message == "expected a vertex number (1 to 3), found 'x'")
        #expect(pajekError("*Vertices 3\n5 \"e\"\n")?.message == "vertex 5 is out of range: *Vertices declares 3, so vertices run from 1 to 3")
        #expect(pajekError("*Vertices 3\n1 \"a\n")?.message == "unterminated quoted text: no closing '\"' before the end of the line")
        #expect(pajekError("*Vertices 3\n1 a\n1 b\n")?.message == "vertex 1 is listed twice")
        #expect(pajekError("*Edges\n1 2\n")?.message == "expected *Vertices before '*Edges'")
        #expect(pajekError("1 2\n")?.message == "expected a *Vertices line before the data, found '1 2'")
        #expect(pajekError("*Network x\n")?.message == "expected a *Vertices line, found end of file")
        #expect(pajekError("*Vertices 3\n*Bogus\n")?.message == "unknown Pajek section '*Bogus' (expected *Vertices, *Edges, *Arcs, *Edgeslist, *Arcslist or *Matrix)")
        #expect(pajekError("*Vertices x\n")?.message == "expected the number of vertices after *Vertices, found 'x'")
        #expect(pajekError("*Vertices 99999999999\n")?.message == "*Vertices declares 99999999999 vertices; Tangle reads at most 1048576 from a file of 22 bytes (at most 67108864 in all)")
        #expect(try pajek("*Vertices 1048576\n").nodeCount == 1_048_576)  // an edgeless graph is a short file
        #expect(pajekError("*Vertices 99999999999999999999999\n")?.message == "expected the number of vertices after *Vertices, found '99999999999999999999999'")
        #expect(pajekError("*Vertices 2\n*Vertices 2\n")?.message == "a second *Vertices line: a Pajek network declares its vertices once")
        #expect(pajekError("*Vertices 2\n*Edges\n1 2 nan\n")?.message == "the edge weight is NaN: weights must be numbers")
        #expect(pajekError("*Vertices 2\n*Edges\n1 2 1 color\n")?.message == "expected a value after the attribute name 'color', found end of line")
        #expect(pajekError("*Vertices 2\n*Matrix\n0 1\n1\n")?.message == "expected 2 values in row 2 of *Matrix, found end of line")
        #expect(pajekError("*Vertices 2\n*Matrix\n0 1\n")?.message == "expected 2 rows in *Matrix, found end of file after 1")
        #expect(pajekError("*Vertices 1\n*Matrix\n0\n1\n")?.message == "more than 1 rows in *Matrix, found '1'")
    }
}
