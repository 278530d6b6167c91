import Testing
@testable import GraphCore

@Suite struct GraphMLReaderTests {
    // MARK: files written by the peers

    @Test func karateWrittenByNetworkX() throws {
        let g = try Fixtures.read("karate_networkx.graphml")
        #expect(g.nodeCount == 34)
        #expect(g.edgeCount == 78)
        #expect(!g.isDirected)
        #expect(g.nodeIDs == (0..<34).map(String.init))
        #expect(g.isWeighted)
        #expect(g.weight(0, 1) == 4)
        #expect(g.weight(32, 33) == 5)
        var total = 0.0
        g.forEachEdge { _, _, w in total += w }
        #expect(total == 231)
        #expect(g.nodeAttributes.value("club", 0) == .string("Mr. Hi"))
        #expect(g.nodeAttributes.value("club", 33) == .string("Officer"))
        #expect(g.graphAttributes["name"] == .string("Zachary's Karate Club"))
        #expect(g.edgeAttributeKeys.isEmpty)  // weight is the weight, not an attribute
    }

    @Test func karateWrittenByIgraph() throws {
        let g = try Fixtures.read("karate_igraph.graphml")
        #expect(g.nodeCount == 34)
        #expect(g.edgeCount == 78)
        #expect(!g.isDirected)
        #expect(g.nodeIDs[0] == "n0" && g.nodeIDs[33] == "n33")
        #expect(g.label(of: 33) == "33")  // igraph keeps the name as data
        #expect(g.weight(0, 1) == 4)
        #expect(g.nodeAttributes.value("club", 33) == .string("Officer"))
        #expect(g.graphAttributes["name"] == .string("Zachary's Karate Club"))
    }

    @Test func typedAttributesWrittenByNetworkX() throws {
        let g = try Fixtures.read("mixed_networkx.graphml")
        #expect(g.isDirected)
        #expect(g.nodeIDs == ["alpha", "b&c", "ünï", "lonely", "d"])
        #expect(g.edgeCount == 5)
        #expect(g.selfLoopCount == 1)
        #expect(g.degree(3) == 0)
        #expect(g.weight(0, 1) == 1.5)
        #expect(g.weight(1, 0) == 2)
        #expect(g.weight(2, 2) == 3)
        #expect(g.nodeAttributes.value("size", 1) == .int(-7))
        #expect(g.nodeAttributes.value("score", 1) == .double(0.001))
        #expect(g.nodeAttributes.value("core", 0) == .bool(true))   // NetworkX writes "True"
        #expect(g.nodeAttributes.value("core", 1) == .bool(false))
        #expect(g.nodeAttributes.value("note", 1) == .string("say \"hi\" <now>"))
        #expect(g.nodeAttributes.value("note", 2) == .string("naïve — ☃"))
        #expect(g.nodeAttributes.value("note", 3) == .string(""))   // <data key="d4" />
        #expect(g.nodeAttributes.value("note", 4) == .string("tab\there"))
        #expect(g.edgeAttributes[EdgeKey(4, 0, directed: true)]?["kind"] == .string("sea"))
        #expect(g.graphAttributes["name"] == .string("mixed & <typed>"))
    }

    @Test func typedAttributesWrittenByIgraph() throws {
        let g = try Fixtures.read("mixed_igraph.graphml")
        #expect(g.isDirected)
        #expect(g.edgeCount == 5)
        #expect((0..<5).map { g.label(of: $0) } == ["alpha", "b&c", "ünï", "lonely", "d"])
        #expect(g.nodeAttributes.value("size", 1) == .double(-7))  // igraph declares numbers double
        #expect(g.nodeAttributes.value("core", 2) == .bool(true))
        #expect(g.weight(1, 2) == 0.25)
        #expect(g.edgeAttributes[EdgeKey(1, 0, directed: true)]?["kind"] == .string("rail"))
    }

    @Test func parallelEdgesOfAMultiGraphMerge() throws {
        let g = try Fixtures.read("multi_networkx.graphml")
        #expect(g.nodeCount == 3)
        #expect(g.edgeCount == 2)
        #expect(g.weight(0, 1) == 3.5)
        #expect(g.weight(1, 2) == 4)
    }

    // MARK: the XML itself

    @Test func entitiesCDATACommentsAndQuotes() throws {
        let g = try parse("""
            <?xml version="1.0"?>
            <!DOCTYPE graphml [ <!ELEMENT graphml ANY> ]>
            <!-- a comment with <tags> inside -->
            <graphml xmlns='http://graphml.graphdrawing.org/xmlns'>
              <key id='t' for='node' attr.name='text' attr.type='string'/>
              <graph edgedefault='undirected'>
                <node id='caf&#233;'><data key='t'>a&lt;b&gt;c &amp; &quot;d&quot; &apos;e&apos;</data></node>
                <node id="&#x263A;"><data key="t"><![CDATA[<raw> & stuff]]></data></node>
                <?processing instruction?>
                <node id="x"><data key="t">one<!-- split -->two</data></node>
                <edge source="café" target="☺"/>
              </graph>
            </graphml>
            """, .graphml)
        #expect(g.nodeIDs == ["café", "☺", "x"])
        #expect(g.nodeAttributes.value("text", 0) == .string("a<b>c & \"d\" 'e'"))
        #expect(g.nodeAttributes.value("text", 1) == .string("<raw> & stuff"))
        #expect(g.nodeAttributes.value("text", 2) == .string("onetwo"))
        #expect(g.edgeCount == 1)
        #expect(g.weight(0, 1) == 1)
    }

    @Test func keyDefaultsFillMissingData() throws {
        let g = try parse("""
            <graphml>
              <key id="c" for="node" attr.name="color" attr.type="string"><default>red</default></key>
              <key id="w" for="edge" attr.name="weight" attr.type="double"><default>2.5</default></key>
              <key id="k" for="all" attr.name="kind" attr.type="int"><desc>anything</desc><default> 7 </default></key>
              <key id="flag" for="graph" attr.name="flag" attr.type="boolean"><default>TRUE</default></key>
              <graph edgedefault="directed">
                <node id="a"><data key="c">blue</data></node>
                <node id="b"/>
                <edge source="a" target="b"/>
                <edge source="b" target="a"><data key="w">4</data><data key="k">1</data></edge>
              </graph>
            </graphml>
            """, .graphml)
        #expect(g.nodeAttributes.value("color", 0) == .string("blue"))
        #expect(g.nodeAttributes.value("color", 1) == .string("red"))
        #expect(g.nodeAttributes.value("kind", 1) == .int(7))
        #expect(g.weight(0, 1) == 2.5)
        #expect(g.weight(1, 0) == 4)
        #expect(g.edgeAttributes[EdgeKey(0, 1, directed: true)]?["kind"] == .int(7))
        #expect(g.edgeAttributes[EdgeKey(1, 0, directed: true)]?["kind"] == .int(1))
        #expect(g.graphAttributes["flag"] == .bool(true))
    }

    @Test func undeclaredNodesAreAddedAsNetworkXDoes() throws {
        // NetworkX's add_edges_from adds endpoints no <node> declared.
        let g = try parse("""
            <graphml><graph edgedefault="undirected">
              <node id="a"/>
              <edge source="a" target="ghost"/>
              <edge source="ghost" target="b"/>
              <node id="b"/>
            </graph></graphml>
            """, .graphml)
        #expect(g.nodeIDs == ["a", "ghost", "b"])
        #expect(g.edgeCount == 2)
    }

    @Test func edgeDirectedAttributeAndEdgeDefault() throws {
        let g = try parse("<graphml><graph><edge source='a' target='b' directed='false'/></graph></graphml>", .graphml)
        #expect(!g.isDirected)  // no edgedefault: undirected, as NetworkX reads it
        let d = try parse("<graphml><graph edgedefault='directed'><edge source='a' target='b' directed='true'/></graph></graphml>", .graphml)
        #expect(d.isDirected)
        #expect(parseError("<graphml><graph edgedefault='directed'>\n<edge source='a' target='b' directed='false'/></graph></graphml>", .graphml)
                == GraphError(source: "t", line: 2, column: 39, "expected directed=\"true\" as the graph's edgedefault says, found a undirected edge in a directed graph (mixed graphs are not supported)"))
    }

    @Test func foreignElementsAndYFilesDataAreSkipped() throws {
        let g = try parse("""
            <graphml xmlns:y="http://www.yworks.com/xml/graphml">
              <key id="d0" for="node" yfiles.type="nodegraphics"/>
              <key id="d1" for="node" attr.name="note"/>
              <graph edgedefault="undirected">
                <desc>a description</desc>
                <node id="a"><data key="d0"><y:ShapeNode><y:NodeLabel>A</y:NodeLabel></y:ShapeNode></data>
                  <port name="p"/><data key="d1">kept</data></node>
                <node id="b"><data key="undeclared">3.5</data></node>
                <edge id="e0" source="a" target="b"><y:extra/></edge>
              </graph>
            </graphml>
            """, .graphml)
        #expect(g.nodeCount == 2 && g.edgeCount == 1)
        #expect(g.nodeAttributes.value("note", 0) == .string("kept"))   // no attr.type: string
        #expect(g.nodeAttributes.value("d0", 0) == nil)
        #expect(g.nodeAttributes.value("undeclared", 1) == .string("3.5"))
    }

    @Test func onlyTheFirstGraphIsRead() throws {
        let g = try parse("<graphml><graph><node id='a'/></graph><graph><node id='b'/><node id='c'/></graph></graphml>", .graphml)
        #expect(g.nodeIDs == ["a"])
    }

    // MARK: errors

    @Test func truncatedXMLSaysWhatIsMissing() {
        let text = "<graphml>\n<graph edgedefault=\"undirected\">\n<node id=\"a\"/>"
        #expect(parseError(text, .graphml) == GraphError(source: "t", line: 3, column: 15, "expected </graph>, found end of file"))
        #expect(parseError("<graphml><graph><node id=\"a", .graphml)
                == GraphError(source: "t", line: 1, column: 28, "expected '\"' closing the value of attribute id, found end of file"))
        #expect(parseError("<graphml><graph><node", .graphml)
                == GraphError(source: "t", line: 1, column: 22, "expected '>' closing <node>, found end of file"))
        #expect(parseError("<graphml><graph><!-- never closed", .graphml)
                == GraphError(source: "t", line: 1, column: 34, "expected '-->' closing the comment opened at line 1, found end of file"))
    }

    @Test func hyperedgesAndNestedGraphsAreRefused() {
        let hyper = "<graphml><graph>\n  <node id='a'/><hyperedge><endpoint node='a'/></hyperedge></graph></graphml>"
        #expect(parseError(hyper, .graphml) == GraphError(source: "t", line: 2, column: 17,
            "hyperedges are not supported: expected <node> or <edge> (an edge joins two nodes), found <hyperedge>"))
        let nested = "<graphml><graph>\n<node id='a'>\n  <graph id='inner'/></node></graph></graphml>"
        #expect(parseError(nested, .graphml) == GraphError(source: "t", line: 3, column: 3,
            "nested graphs are not supported: expected <node>, <edge> or <data>, found <graph> inside <node>"))
    }

    @Test func malformedXMLAndBadValues() {
        #expect(parseError("<graphml><graph></node></graphml>", .graphml)
                == GraphError(source: "t", line: 1, column: 17, "expected </graph>, found </node>"))
        #expect(parseError("<graphml><graph><node id='a&b;'/></graph></graphml>", .graphml)
                == GraphError(source: "t", line: 1, column: 28, "expected a character reference (&amp; &lt; &gt; &quot; &apos; &#N; &#xN;), found '&b;'/></graph></grap'…"))
        #expect(parseError("<graphml><graph/></graphml>junk", .graphml)
                == GraphError(source: "t", line: 1, column: 28, "expected end of file after the root element, found 'junk'"))
        #expect(parseError("<graph><node id='a'/></graph>", .graphml)
                == GraphError(source: "t", line: 1, column: 1, "expected <graphml>, found '<graph><node id='a'/'…"))
        #expect(parseError("<graphml></graphml>", .graphml)
                == GraphError(source: "t", line: 1, column: 10, "expected <graph> inside <graphml>, found </graphml>"))
        let key = "<graphml><key id='w' for='edge' attr.name='weight' attr.type='string'/>"
        #expect(parseError(key + "<graph><edge source='a' target='b'><data key='w'>heavy</data></edge></graph></graphml>", .graphml)
                == GraphError(source: "t", line: 1, column: 107, "expected a number for the edge weight, found 'heavy'"))
        let long = "<graphml><key id='n' for='node' attr.name='n' attr.type='long'/><graph><node id='a'><data key='n'>1.5</data></node></graph></graphml>"
        #expect(parseError(long, .graphml)
                == GraphError(source: "t", line: 1, column: 85, "expected an integer for 'n' (attr.type long), found '1.5'"))
        #expect(parseError("<graphml><graph><edge source='a'/></graph></graphml>", .graphml)?.message
                == "expected source=\"…\" and target=\"…\" attributes in <edge>, found '<edge source='a'/></'…")
        #expect(parseError("<graphml><graph><node id='a' id2/></graph></graphml>", .graphml)?.message
                == "expected '=' after attribute id2, found '/></graph></graphml>'")
        #expect(parseError("<graphml><graph><node id=a/></graph></graphml>", .graphml)?.message
                == "expected a quoted value for attribute id, found 'a/></graph></graphml'…")
    }

    @Test func garbageIsAnErrorNotACrash() {
        let inputs = ["<", "<>", "</x>", "<graphml", "<graphml><graph><node id='a'><data key='", "hello world",
                      "<graphml><![CDATA[x]]></graphml>", "<!DOCTYPE x [", "<?xml", "<graphml><graph><node id='&#xFFFFFFFF;'/></graph></graphml>",
                      "<graphml><graph><node id='&#0;'/></graph></graphml>", String(repeating: "<graphml>", count: 3)]
        for text in inputs {
            #expect(parseError(text, .graphml) != nil, "\(text)")
        }
        // Every prefix of a real file fails cleanly (or, at the very end, reads).
        let whole = (try? String(contentsOfFixture: "mixed_networkx.graphml")) ?? ""
        #expect(!whole.isEmpty)
        let bytes = Array(whole.utf8)
        for cut in stride(from: 1, to: bytes.count - 10, by: 37) {
            #expect(throws: GraphError.self) {
                try GraphIO.read(bytes: Array(bytes[0..<cut]), source: "cut", options: ReadOptions(format: .graphml))
            }
        }
    }
}

extension String {
    init(contentsOfFixture name: String) throws {
        let bytes = try GraphIO.readFile(Fixtures.path(name))
        self = String(decoding: bytes, as: UTF8.self)
    }
}
