import Testing
@testable import GraphCore

@Suite struct GMLReaderTests {
    @Test func karateWrittenByNetworkX() throws {
        let g = try Fixtures.read("karate_networkx.gml")
        #expect(g.nodeCount == 34)
        #expect(g.edgeCount == 78)
        #expect(!g.isDirected)
        #expect(g.nodeIDs == (0..<34).map(String.init))
        #expect(g.nodeAttributes.value("label", 5) == .string("5"))
        #expect(g.label(of: 5) == "5")
        #expect(g.weight(0, 1) == 4)
        #expect(g.weight(33, 32) == 5)
        #expect(g.nodeAttributes.value("club", 33) == .string("Officer"))
        #expect(g.graphAttributes["name"] == .string("Zachary's Karate Club"))
    }

    @Test func karateWrittenByIgraph() throws {
        // igraph adds Creator and Version lines and puts '[' on its own line.
        let g = try Fixtures.read("karate_igraph.gml")
        #expect(g.nodeCount == 34)
        #expect(g.edgeCount == 78)
        #expect(!g.isDirected)
        #expect(g.nodeAttributes.value("name", 7) == .string("7"))
        #expect(g.label(of: 7) == "7")
        #expect(g.weight(0, 1) == 4)
        #expect(g.nodeAttributes.value("club", 0) == .string("Mr. Hi"))
    }

    @Test func entitiesAndTypesWrittenByNetworkX() throws {
        let g = try Fixtures.read("mixed_networkx.gml")
        #expect(g.isDirected)
        #expect(g.nodeIDs == ["0", "1", "2", "3", "4"])
        #expect((0..<5).map { g.label(of: $0) } == ["alpha", "b&c", "ünï", "lonely", "d"])  // &#38; &#252; &#239;
        #expect(g.nodeAttributes.value("note", 1) == .string("say \"hi\" <now>"))        // &#34;
        #expect(g.nodeAttributes.value("note", 2) == .string("naïve — ☃"))
        #expect(g.nodeAttributes.value("note", 4) == .string("tab\there"))                // &#9;
        #expect(g.nodeAttributes.value("size", 1) == .int(-7))
        #expect(g.nodeAttributes.value("score", 3) == .double(0))
        #expect(g.nodeAttributes.value("core", 0) == .int(1))   // GML has no booleans
        #expect(g.selfLoopCount == 1)
        #expect(g.weight(1, 2) == 0.25)
        #expect(g.edgeAttributes[EdgeKey(4, 0, directed: true)]?["kind"] == .string("sea"))
        #expect(g.graphAttributes["name"] == .string("mixed & <typed>"))
    }

    @Test func entitiesWrittenByIgraph() throws {
        let g = try Fixtures.read("mixed_igraph.gml")
        #expect(g.isDirected)
        #expect((0..<5).map { g.label(of: $0) } == ["alpha", "b&c", "ünï", "lonely", "d"])  // &amp;, raw UTF-8
        #expect(g.nodeAttributes.value("note", 1) == .string("say \"hi\" <now>"))        // &quot;
        #expect(g.weight(1, 0) == 2)
        #expect(g.weight(2, 2) == 3)
    }

    @Test func multigraphEdgesMerge() throws {
        let g = try Fixtures.read("multi_networkx.gml")
        #expect(g.edgeCount == 2)
        #expect(g.weight(0, 1) == 3.5)
        #expect(g.edgeAttributeKeys.isEmpty)  // the multigraph `key` is not kept
    }

    @Test func commentsListsStringsAndOrder() throws {
        let g = try parse("""
            # a comment line
            Creator "someone"
            Version 1
            graph [
              comment "two
            lines"
              edge [ source 1 target "x" weight 2.5e1 ]   # an edge before its nodes
              node [ id 1 label "one" graphics [ x 1.5 y -2 fill "#ff0000" ] ]
              node [ id "x" label "&unknown; &amp;" size INF ratio NAN ]
              node [ id 3 label bare ]
            ]
            """, .gml)
        #expect(g.nodeIDs == ["1", "x", "3"])
        #expect(g.weight(0, 1) == 25)
        #expect(g.graphAttributes["comment"] == .string("two\nlines"))
        #expect(g.nodeAttributes.value("graphics.x", 0) == .double(1.5))
        #expect(g.nodeAttributes.value("graphics.y", 0) == .int(-2))
        #expect(g.nodeAttributes.value("graphics.fill", 0) == .string("#ff0000"))
        #expect(g.label(of: 1) == "&unknown; &")   // unknown references stay, as html.unescape leaves them
        #expect(g.nodeAttributes.value("size", 1) == .double(.infinity))
        #expect(g.nodeAttributes.value("ratio", 1)?.number?.isNaN == true)
        #expect(g.label(of: 2) == "bare")  // NetworkX takes bare words for id and label
    }

    // MARK: errors

    @Test func undeclaredNodeIsAnError() {
        let text = "graph [\n  node [ id 0 ]\n  edge [ source 0 target 7 ]\n]"
        #expect(parseError(text, .gml) == GraphError(source: "t", line: 3, column: 26,
            "expected the id of a declared node as edge target, found '7 ]', which no node [ id … ] declares"))
    }

    @Test func unterminatedStringAndTruncation() {
        #expect(parseError("graph [\n node [ id 0 label \"open ]\n]\n", .gml) == GraphError(source: "t", line: 2, column: 20,
            "unterminated string: expected a closing '\"' for the string opened here, found end of file"))
        #expect(parseError("graph [\n node [ id 0 ]\n", .gml) == GraphError(source: "t", line: 3, column: 1,
            "expected ']' closing 'graph [' from line 1, found end of file"))
        #expect(parseError("graph [ node [ id 0", .gml) == GraphError(source: "t", line: 1, column: 20,
            "expected ']' closing 'node [' from line 1, found end of file"))
    }

    @Test func badStructure() {
        #expect(parseError("graph [ node [ id 0 ] node [ id 0 ] ]", .gml)?.message == "expected a new node id, found '0 ] ]' declared twice")
        #expect(parseError("graph [ node [ label \"a\" ] ]", .gml)?.message == "expected an id in node [ … ], found ']'")
        #expect(parseError("graph [ node [ id 0 ] edge [ source 0 target 0 weight \"x\" ] ]", .gml)?.message
                == "expected a number for the edge weight, found '\"x\" ] ]'")
        #expect(parseError("graph [ directed 2 ]", .gml)?.message == "expected 0 or 1 after directed, found '2 ]'")
        #expect(parseError("graph [ ] graph [ ]", .gml)?.message == "expected one graph, found a second 'graph' (read one graph per file)")
        #expect(parseError("Creator \"x\"", .gml)?.message == "expected 'graph [', found end of file")
        #expect(parseError("graph [ node [ id 0 color red ] ]", .gml)?.message
                == "expected a value (a number, a \"string\" or [ a list ]) after color, found 'red ] ]'")
        #expect(parseError("graph [ x 12abc ]", .gml)?.message == "expected a number, found '12abc ]'")
    }

    @Test func garbageIsAnErrorNotACrash() throws {
        for text in ["graph", "graph [", "[", "]", "graph ] [", "graph [ node [ id [ ] ] ]", "graph [ edge [ ] ]",
                     "graph [ a " + String(repeating: "[ b ", count: 200), "graph [ x - ]", "graph [ x . ]", "graph [ @ ]",
                     "graph [ x 99999999999999999999999 ]x"] {
            #expect(parseError(text, .gml) != nil, "\(text)")
        }
        let bytes = Array(try String(contentsOfFixture: "mixed_networkx.gml").utf8)
        for cut in stride(from: 1, to: bytes.count - 3, by: 13) {
            #expect(throws: GraphError.self) {
                try GraphIO.read(bytes: Array(bytes[0..<cut]), source: "cut", options: ReadOptions(format: .gml))
            }
        }
    }
}
