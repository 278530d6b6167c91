import Testing
@testable import GraphCore

@Suite struct DOTReaderTests {
    func totalWeight(_ g: Graph) -> Double {
        var t = 0.0
        g.forEachEdge { _, _, w in t += w }
        return t
    }

    @Test func karateWrittenByHand() throws {
        let g = try Fixtures.read("karate_hand.dot")
        #expect(g.nodeCount == 34)
        #expect(g.edgeCount == 78)
        #expect(!g.isDirected)
        #expect(totalWeight(g) == 231)
        let officer = try #require(g.node(withID: "9"))   // declared quoted, used bare
        #expect(g.nodeAttributes.value("club", officer) == .string("Officer"))
        #expect(g.nodeAttributes.value("club", 0) == .string("Mr. Hi"))
        #expect(g.nodeAttributes.value("shape", 0) == .string("circle"))    // top-level node default
        #expect(g.nodeAttributes.value("fontsize", 0) == .int(10))
        #expect(g.nodeAttributes.value("label", 0) == nil)
        #expect(g.graphAttributes["name"] == .string("Zachary's Karate Club"))
        #expect(g.graphAttributes["splines"] == .string("true"))
        let n0 = try #require(g.node(withID: "0")), n5 = try #require(g.node(withID: "5"))
        #expect(g.weight(n0, n5) == 3)                                       // 0 -- { 5 6 11 13 }
        #expect(g.edgeAttributes[EdgeKey(Int32(n0), Int32(n5), directed: false)]?["label"] == .string("w3"))
        #expect(g.edgeAttributes[EdgeKey(Int32(n0), Int32(n5), directed: false)]?["color"] == .string("gray50"))
    }

    @Test func karateRewrittenByGraphviz() throws {
        let canon = try Fixtures.read("karate_canon.dot")   // dot -Tcanon
        #expect(canon.nodeCount == 34 && canon.edgeCount == 78)
        #expect(totalWeight(canon) == 231)
        #expect(canon.nodeAttributes.value("label", 0) == nil)  // label="\N" means the name
        #expect(canon.label(of: 0) == canon.nodeIDs[0])
        #expect(canon.nodeAttributes.value("club", try #require(canon.node(withID: "33"))) == .string("Officer"))
        let gml2gv = try Fixtures.read("karate_gml2gv.dot")  // gml2gv of NetworkX's GML
        #expect(gml2gv.nodeCount == 34 && gml2gv.edgeCount == 78)
        #expect(!gml2gv.isDirected)
        #expect(totalWeight(gml2gv) == 231)
        #expect(gml2gv.graphAttributes["name"] == .string("Zachary's Karate Club"))
    }

    @Test func chainsGroupsAndDefaults() throws {
        let g = try parse("""
            DiGraph G {
              edge [weight=2]
              a -> b -> c
              {x y} -> {z w} [weight=0.5, color=red]
              subgraph s1 { node [shape=box]; edge [weight=7]; p -> q }
              r -> p            // back to the outer defaults
              subgraph s1 -> r  // a named subgraph again
            }
            """, .dot)
        #expect(g.isDirected)
        #expect(g.nodeIDs == ["a", "b", "c", "x", "y", "z", "w", "p", "q", "r"])
        #expect(g.edgeCount == 2 + 4 + 1 + 1 + 2)
        #expect(g.weight(0, 1) == 2 && g.weight(1, 2) == 2)
        #expect(g.weight(3, 5) == 0.5 && g.weight(4, 6) == 0.5)
        #expect(g.edgeAttributes[EdgeKey(4, 5, directed: true)]?["color"] == .string("red"))
        #expect(g.weight(7, 8) == 7)
        #expect(g.nodeAttributes.value("shape", 7) == .string("box"))
        #expect(g.nodeAttributes.value("shape", 9) == nil)
        #expect(g.weight(9, 7) == 2)
        #expect(g.weight(7, 9) == 2 && g.weight(8, 9) == 2)
        #expect(g.graphAttributes["name"] == .string("G"))
    }

    @Test func idsOfEveryKind() throws {
        let g = try parse("""
            /* ids: quoted, escaped, continued, concatenated, HTML, numerals */
            graph {
            # a preprocessor line
              "say \\"hi\\"" -- "multi\\
            line" -- "con" + "cat" -- <<b>bold</b>> -- -1.5 -- .5 -- x_1:port:ne -- "x_1":sw;
              "back\\\\slash"; node1 [label="A \\N", width=.75, height=-2]
              k = v; rankdir=LR
            }
            """, .dot)
        #expect(g.nodeIDs == ["say \"hi\"", "multiline", "concat", "<b>bold</b>", "-1.5", ".5", "x_1", "back\\\\slash", "node1"])
        #expect(g.edgeCount == 6 + 1)  // x_1 -- x_1 is a loop
        #expect(g.selfLoopCount == 1)
        #expect(g.nodeAttributes.value("label", 8) == .string("A \\N"))
        #expect(g.nodeAttributes.value("width", 8) == .double(0.75))
        #expect(g.nodeAttributes.value("height", 8) == .int(-2))
        #expect(g.graphAttributes["k"] == .string("v") && g.graphAttributes["rankdir"] == .string("LR"))
    }

    @Test func attributeListsAndParallelEdges() throws {
        let g = try parse("graph { a -- b [weight=1; color=\"x\"][style=bold,] a -- b [weight=2] b -- a }", .dot)
        #expect(g.edgeCount == 1)
        #expect(g.weight(0, 1) == 4)   // parallel edges merge, weights add (the last counts 1)
        #expect(g.edgeAttributes[EdgeKey(0, 1, directed: false)]?["style"] == .string("bold"))
        let s = try parse("strict graph { a -- b [weight=1] a -- b [weight=5] b -- a }", .dot)
        #expect(s.weight(0, 1) == 5)   // strict: one edge, the last weight given
        let n = try parse("graph { n [weight=heavy, size=007] }", .dot)
        #expect(n.nodeAttributes.value("weight", 0) == .string("heavy"))  // only an edge's weight must be a number
        #expect(n.nodeAttributes.value("size", 0) == .double(7))           // "007" is not written the way an Int is
    }

    // MARK: errors

    @Test func mismatchedEdgeOperators() {
        #expect(parseError("graph {\n  a -> b\n}", .dot) == GraphError(source: "t", line: 2, column: 5, "expected '--' in an undirected graph, found '->'"))
        #expect(parseError("digraph { a -- b }", .dot) == GraphError(source: "t", line: 1, column: 13, "expected '->' in a digraph, found '--'"))
    }

    @Test func unterminatedThingsAndTruncation() {
        #expect(parseError("graph {\n  \"open -- b\n}\n", .dot) == GraphError(source: "t", line: 2, column: 3,
            "unterminated string: expected a closing '\"' for the string opened here, found end of file"))
        #expect(parseError("graph { /* never", .dot) == GraphError(source: "t", line: 1, column: 9,
            "unterminated comment: expected '*/' closing the comment opened here, found end of file"))
        #expect(parseError("graph { a -- <b", .dot)?.message == "unterminated HTML string: expected '>' closing the '<' opened here, found end of file")
        #expect(parseError("graph {\n a -- b\n", .dot) == GraphError(source: "t", line: 3, column: 1,
            "expected '}' closing the '{' from line 1, found end of file"))
        #expect(parseError("graph { a -- }", .dot)?.message == "expected a node id or a subgraph after the edge operator, found '}'")
        #expect(parseError("graph { a [color=] }", .dot)?.message == "expected a value for color, found '] }'")
    }

    @Test func badStatements() {
        #expect(parseError("graph { a -- b [weight=heavy] }", .dot)?.message == "expected a number for the edge weight, found 'heavy] }'")
        #expect(parseError("graph { node a }", .dot)?.message == "expected '[' after node, found 'a }'")
        #expect(parseError("grph { }", .dot)?.message == "expected 'graph' or 'digraph', found 'grph { }'")
        #expect(parseError("graph { } trailing", .dot)?.message == "expected end of file after the graph's closing '}', found 'trailing'")
        #expect(parseError("graph { a ; ; }", .dot)?.message == "expected a statement (a node, an edge, node/edge/graph [..], a subgraph or '}'), found '; }'")
        #expect(parseError("graph { a -- b -- 3x@ }", .dot)?.message == "expected a DOT id, an edge operator or punctuation, found '@ }'")
    }

    @Test func garbageIsAnErrorNotACrash() throws {
        for text in ["graph", "digraph {", "strict", "{", "graph { a -- -> b }", "graph { a: }", "graph { a:b: }", "graph { - }",
                     "graph { [ }", "graph { " + String(repeating: "{ ", count: 300), "graph { \"a\" + }", "graph { subgraph }"] {
            #expect(parseError(text, .dot) != nil, "\(text)")
        }
        let bytes = Array(try String(contentsOfFixture: "karate_hand.dot").utf8)
        for cut in stride(from: 1, to: bytes.count - 2, by: 29) {
            #expect(throws: GraphError.self) {
                try GraphIO.read(bytes: Array(bytes[0..<cut]), source: "cut", options: ReadOptions(format: .dot))
            }
        }
    }
}
