import Foundation
import Testing
@testable import GraphCore

/// GEXF read from files NetworkX wrote (Tests/Fixtures/make_fixtures_gexf.py)
/// and from hand-written snippets, written back, and refused with FILE:LINE:COL.
@Suite struct GEXFReaderTests {
    @Test func karateFromNetworkX() throws {
        let g = try Fixtures.read("karate_networkx.gexf")
        #expect(!g.isDirected && g.nodeCount == 34 && g.edgeCount == 78 && g.isWeighted)
        let zero = try #require(g.node(withID: "0")), one = try #require(g.node(withID: "1"))
        #expect(g.weight(zero, one) == 4)
        #expect(g.nodeAttributes.value("club", zero) == .string("Mr. Hi"))
        #expect(g.nodeAttributes.value("viz.color", zero) == .string("#e66101"))
        #expect(g.nodeAttributes.value("viz.size", zero) == .double(18))
        #expect(g.nodeAttributes.value("viz.x", zero) == .double(-21.757209918174627))
        #expect(g.graphAttributes.isEmpty)
    }

    @Test func vizPositionsEqualTheGraphMLXYOfTheSameLayout() throws {
        let gexf = FileVisuals(of: try Fixtures.read("karate_networkx.gexf"))
        let graphml = FileVisuals(of: try Fixtures.read("positions_networkx.graphml"))
        #expect(gexf.positionsSource == "viz:position in the file")
        #expect(graphml.positionsSource == "x/y attributes in the file")
        #expect(gexf.dimension == 2 && graphml.dimension == 2)  // z="0.0" everywhere is a 2D layout
        #expect(try #require(gexf.positions).count == 68)
        #expect(gexf.positions == graphml.positions)
        #expect(gexf.colors?.count == 34 && Set(gexf.colors ?? []).count == 2)
        #expect(gexf.sizes?.max() == 19)
        #expect(graphml.colors == nil && graphml.sizes == nil)
    }

    @Test func mixedDirectedTypedAttributes() throws {
        let g = try Fixtures.read("mixed_networkx.gexf")
        #expect(g.isDirected && g.nodeCount == 5 && g.edgeCount == 5 && g.selfLoopCount == 1)
        let b = try #require(g.node(withID: "b&c")), a = try #require(g.node(withID: "alpha"))
        #expect(g.nodeAttributes.value("size", b) == .int(-7))
        #expect(g.nodeAttributes.value("score", b) == .double(0.001))
        #expect(g.nodeAttributes.value("core", b) == .bool(false))
        #expect(g.nodeAttributes.value("note", b) == .string("say \"hi\" <now>"))
        #expect(g.weight(b, a) == 2 && g.weight(a, b) == 1.5)
        #expect(g.edgeAttributes[EdgeKey(Int32(b), Int32(a), directed: true)]?["kind"] == .string("rail"))
    }

    @Test func parallelEdgesMergeAndWeightsAdd() throws {
        let g = try Fixtures.read("multi_networkx.gexf")
        #expect(g.nodeCount == 3 && g.edgeCount == 2)
        #expect(g.weight(try #require(g.node(withID: "x")), try #require(g.node(withID: "y"))) == 3.5)
    }

    /// Collects notes a reader gives.
    final class Notes: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.withLock { items.append(s) } }
        var all: [String] { lock.withLock { items } }
    }

    @Test func dynamicGraphIsReadWithANote() throws {
        let notes = Notes()
        let g = try Fixtures.read("dynamic_networkx.gexf", options: ReadOptions(note: { notes.add($0) }))
        #expect(g.nodeCount == 3 && g.edgeCount == 2)
        #expect(notes.all.count == 1)
        #expect(notes.all.first?.contains("dynamic GEXF graph") == true)
        #expect(notes.all.first?.contains("dynamic_networkx.gexf:6") == true)
        // A static file says nothing.
        let quiet = Notes()
        _ = try Fixtures.read("karate_networkx.gexf", options: ReadOptions(note: { quiet.add($0) }))
        #expect(quiet.all.isEmpty)
    }

    static let head = "<?xml version=\"1.0\"?>\n<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n"

    @Test func mixedDirectionsAreRefusedWithThePlace() throws {
        let text = Self.head + """
            <graph defaultedgetype="undirected"><nodes><node id="a"/><node id="b"/></nodes>
            <edges><edge source="a" target="b" type="directed"/></edges></graph></gexf>
            """
        let e = try #require(parseError(text, .gexf))
        #expect(e.line == 4 && e.column == 42)
        #expect(e.message.contains("found a directed edge in an undirected graph (mixed graphs are not supported)"))
        let back = Self.head + "<graph defaultedgetype=\"directed\"><edges><edge source=\"a\" target=\"b\" type=\"undirected\"/></edges></graph></gexf>"
        #expect(parseError(back, .gexf)?.message.contains("mixed graphs are not supported") == true)
    }

    @Test func mutualEdgesAreBothArcsInADirectedGraph() throws {
        let g = try parse(Self.head + """
            <graph defaultedgetype="directed"><edges><edge source="a" target="b" type="mutual" weight="2"/>
            <edge source="b" target="c"/></edges></graph></gexf>
            """, .gexf)
        #expect(g.isDirected && g.edgeCount == 3)
        #expect(g.weight(1, 0) == 2 && g.weight(0, 1) == 2 && g.weight(2, 1) == nil)
        let u = try parse(Self.head + "<graph defaultedgetype=\"mutual\"><edges><edge source=\"a\" target=\"b\"/></edges></graph></gexf>", .gexf)
        #expect(!u.isDirected && u.edgeCount == 1)
    }

    @Test func defaultsFillMissingValuesAndTypesConvert() throws {
        let g = try parse(Self.head + """
            <graph><attributes class="node"><attribute id="k" title="kind" type="string"><default>plain</default></attribute>
            <attribute id="n" title="n" type="integer"/></attributes>
            <attributes class="edge"><attribute id="w" title="weight" type="float"/></attributes>
            <nodes><node id="a" label="A"><attvalues><attvalue for="k" value="odd"/><attvalue for="n" value=" 7 "/></attvalues></node>
            <node id="b"><viz:position x="1" y="2" z="3"/><spells><spell start="1"/></spells></node></nodes>
            <edges><edge source="a" target="b"><attvalues><attvalue for="w" value="2.5"/></attvalues></edge></edges></graph></gexf>
            """, .gexf)
        #expect(g.nodeAttributes.value("kind", 0) == .string("odd") && g.nodeAttributes.value("kind", 1) == .string("plain"))
        #expect(g.nodeAttributes.value("n", 0) == .int(7))
        #expect(g.label(of: 0) == "A" && g.label(of: 1) == "b")
        #expect(g.weight(0, 1) == 2.5)  // an attribute titled weight is the weight
        #expect(g.nodeAttributes.value("viz.z", 1) == .double(3))
    }

    @Test(arguments: [
        ("<graph><nodes><node label=\"x\"/></nodes></graph></gexf>", "expected an id=\"…\" attribute in <node>"),
        ("<graph><edges><edge source=\"a\"/></edges></graph></gexf>", "expected source=\"…\" and target=\"…\""),
        ("<graph defaultedgetype=\"sideways\"></graph></gexf>", "expected defaultedgetype=\"directed\""),
        ("<graph><edges><edge source=\"a\" target=\"b\" weight=\"heavy\"/></edges></graph></gexf>", "expected a number for weight, found 'heavy'"),
        ("<graph><nodes><node id=\"a\"><viz:color r=\"300\" g=\"0\" b=\"0\"/></node></nodes></graph></gexf>", "expected a whole number 0–255"),
        ("<graph><nodes><node id=\"a\"><viz:position x=\"nan\" y=\"0\"/></node></nodes></graph></gexf>", "expected a finite number for x"),
        ("<graph><attributes class=\"node\"><attribute id=\"0\" title=\"n\" type=\"integer\"/></attributes><nodes><node id=\"a\"><attvalues><attvalue for=\"0\" value=\"x\"/></attvalues></node></nodes></graph></gexf>",
         "expected an integer for 'n' (type integer), found 'x'"),
        ("<graph><nodes><node id=\"a\"><nodes><node id=\"b\"/></nodes></node></nodes></graph></gexf>", "hierarchical graphs are not supported"),
        ("<graph><nodes><node id=\"a\">", "expected </node>, found end of file"),
        ("</gexf>", "expected <graph> inside <gexf>"),
    ])
    func badInputIsRefusedWithAPlace(_ body: String, _ message: String) throws {
        let e = try #require(parseError(Self.head + body, .gexf))
        #expect(e.message.contains(message), "\(e)")
        #expect(e.line != nil && e.column != nil)
    }

    @Test func graphMLIsNotGEXF() throws {
        let e = try #require(parseError("<graphml><graph/></graphml>", .gexf))
        #expect(e.message.hasPrefix("expected <gexf>, found '<graphml>"))
    }

    @Test func formatIsSniffedFromContent() throws {
        #expect(GraphFormat.fromExtension("g.gexf") == .gexf)
        #expect(GraphFormat.fromExtension("g.xml") == nil)
        #expect(GraphFormat.sniff(ArraySlice(Self.head.utf8)) == .gexf)
        #expect(GraphFormat.sniff(ArraySlice("<?xml version=\"1.0\"?>\n<graphml>".utf8)) == .graphml)
        let g = try GraphIO.read(bytes: Array((Self.head + "<graph><edges><edge source=\"a\" target=\"b\"/></edges></graph></gexf>").utf8), source: "g.xml")
        #expect(g.edgeCount == 1)
    }
}

@Suite struct GEXFWriterTests {
    /// Written and read back: the same graph, attributes, weights and visuals.
    @Test(arguments: ["karate_networkx.gexf", "mixed_networkx.gexf", "multi_networkx.gexf", "mixed_networkx.graphml"])
    func roundTrip(_ file: String) throws {
        let g = try Fixtures.read(file)
        let text = GEXFWriter.write(g)
        let back = try parse(text, .gexf)
        #expect(back.isDirected == g.isDirected && back.nodeIDs == g.nodeIDs && back.edgeCount == g.edgeCount)
        #expect(back.isWeighted == g.isWeighted)
        #expect(back.labelledEdges == g.labelledEdges)
        for key in g.nodeAttributes.keys where key != "viz.alpha" {
            #expect(back.nodeAttributes.columns[key] == g.nodeAttributes.columns[key], "\(file): \(key)")
        }
        #expect(FileVisuals(of: back) == FileVisuals(of: g))
        #expect(back.edgeAttributes == g.edgeAttributes)
    }

    @Test func givenVisualsAreWritten() throws {
        let g = try parse("a b\nb c\n", .edgelist)
        var v = FileVisuals()
        v.positions = [1, 2, 3, 4, 5.5, -6]
        v.colors = [.init(r: 1, g: 2, b: 3), .init(r: 255, g: 0, b: 16), .init(r: 0, g: 0, b: 0)]
        v.sizes = [1, 2, 3]
        let text = GEXFWriter.write(g, visuals: v)
        #expect(text.contains("<viz:position x=\"5.5\" y=\"-6.0\" z=\"0.0\"/>"))
        #expect(text.contains("<viz:color r=\"255\" g=\"0\" b=\"16\"/>"))
        let back = FileVisuals(of: try parse(text, .gexf))
        #expect(back.positions == v.positions && back.colors == v.colors && back.sizes == v.sizes)
    }

    @Test func networkXReadsWhatWeWrite() throws {
        guard (try? StatisticsPeerTests.python(["-c", "import networkx"])) != nil else { return }
        let g = try Fixtures.read("mixed_networkx.gexf")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tangle-written-\(getpid()).gexf")
        try OutputFile.write(GEXFWriter.bytes(g), to: url.path)
        defer { try? FileManager.default.removeItem(at: url) }
        let out = try StatisticsPeerTests.python(["-c", """
            import networkx as nx, sys
            G = nx.read_gexf(sys.argv[1])
            print(G.is_directed(), G.number_of_nodes(), G.number_of_edges(), G.nodes["b&c"]["size"], G["b&c"]["alpha"]["weight"])
            """, url.path])
        #expect(out.trimmingCharacters(in: .whitespacesAndNewlines) == "True 5 5 -7 2.0")
    }
}
