import Testing
@testable import GraphCore

@Suite struct NodeLinkJSONReaderTests {
    func json(_ text: String, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "t.json", options: ReadOptions(format: .json, directed: directed))
    }

    func jsonError(_ text: String) -> GraphError? {
        do { _ = try json(text); return nil } catch let e as GraphError { return e } catch { return nil }
    }

    @Test func networkxTypesEscapesAndAttributes() throws {
        let g = try PeerFixtures.read("mixed_networkx_links.json")
        #expect(g.isDirected)
        #expect(g.nodeIDs == ["a b", "quote\"d\\back/slash", "ünï 😀 \u{2028}", "7", "2.5", "lonely"])
        let a = try #require(g.node(withID: "a b"))
        #expect(g.nodeAttributes.value("size", a) == .int(3))
        #expect(g.nodeAttributes.value("score", a) == .double(0.25))
        #expect(g.nodeAttributes.value("flag", a) == .bool(true))
        #expect(g.nodeAttributes.value("tags", a) == .string("[\"x\",\"y\"]"))
        #expect(g.nodeAttributes.value("meta", a) == .string("{\"k\":[1,2]}"))
        #expect(g.nodeAttributes.value("missing", a) == nil)
        #expect(g.nodeAttributes.value("score", 3) == .double(1e-7))
        #expect(g.graphAttributes["name"] == .string("mixed \"types\""))
        #expect(g.graphAttributes["version"] == .int(3))
        #expect(g.edgeAttributes[EdgeKey(0, 1, directed: true)]?["label"] == .string("first"))
        #expect(g.edgeAttributes[EdgeKey(1, 0, directed: true)] == nil)
        #expect(g.selfLoopCount == 1)
        #expect(g.degree(5) == 0)
        #expect(g.weight(4, 0) == 1e300)
    }

    @Test func multigraphMergesParallelEdgesAndDropsKeys() throws {
        let g = try PeerFixtures.read("multi_networkx.json")
        #expect(!g.isDirected)
        #expect(g.edgeCount == 2)
        #expect(g.weight(0, 1) == 5.5)  // 2 + 3 + 0.5
        #expect(g.weight(1, 2) == 1)    // no weight given: 1
        #expect(!g.edgeAttributeKeys.contains("key") || g.edgeAttributes.values.allSatisfy { $0["key"] == nil })
    }

    @Test func d3IndicesNameNodesByPosition() throws {
        let g = try PeerFixtures.read("miserables_d3.json")
        #expect(g.nodeCount == 77)
        #expect(g.edgeCount == 254)
        #expect(g.label(of: 0) == "Napoleon")
        #expect(g.nodeIDs[0] == "0")
        #expect(g.edgeAttributeKeys == ["value"])
    }

    @Test func edgesBeforeNodesAndDirectedAtTheEnd() throws {
        let g = try json(#"{"links": [{"source": "b", "target": "a", "w": 1}, {"source": 0, "target": 1}], "nodes": [{"id": "a"}, {"id": "b"}, {"id": 0}, {"id": 1}], "directed": true}"#)
        #expect(g.isDirected)
        #expect(g.nodeIDs == ["a", "b", "0", "1"])
        #expect(g.edgeCount == 2)
        #expect(g.edgeAttributes[EdgeKey(1, 0, directed: true)]?["w"] == .int(1))
        #expect(g.out.find(2, 3) != nil)
        let indices = try json(#"{"links": [{"source": 2, "target": 0}], "nodes": [{}, {"name": "x"}, {}]}"#)
        #expect(indices.nodeIDs == ["0", "1", "2"])
        #expect(indices.weight(0, 2) == 1)
    }

    @Test func stringEscapesAndSurrogates() throws {
        let g = try json(#"{"nodes": [{"id": "\u00e9\/\t"}, {"id": "\ud83d\ude00"}, {"id": "\ud83d!"}, {"id": "\udc00"}, {"id": "a\"\\\b\f\n\r"}], "edges": []}"#)
        #expect(g.nodeIDs == ["é/\t", "😀", "\u{FFFD}!", "\u{FFFD}", "a\"\\\u{8}\u{C}\n\r"])
    }

    @Test func numbersKeepTheirText() throws {
        let g = try json(#"{"nodes": [{"id": 3, "big": 12345678901234567890, "neg": -0, "inf": 1e999, "e": 2E+2, "nan": NaN, "ninf": -Infinity}, {"id": -1.50}], "edges": [{"source": 3, "target": -1.50, "weight": 1e2}]}"#)
        #expect(g.nodeIDs == ["3", "-1.50"])
        #expect(g.nodeAttributes.value("big", 0) == .double(Double("12345678901234567890")!))
        #expect(g.nodeAttributes.value("neg", 0) == .int(0))
        #expect(g.nodeAttributes.value("inf", 0) == .double(.infinity))
        #expect(g.nodeAttributes.value("e", 0) == .double(200))
        #expect(g.nodeAttributes.value("nan", 0)?.number?.isNaN == true)
        #expect(g.nodeAttributes.value("ninf", 0) == .double(-.infinity))
        #expect(g.weight(0, 1) == 100)
    }

    @Test func directedOptionOverridesTheFile() throws {
        let g = try json(#"{"directed": false, "nodes": [{"id": 1}, {"id": 2}], "links": [{"source": 1, "target": 2}]}"#, directed: true)
        #expect(g.isDirected)
        #expect(g.edgeCount == 2)  // an undirected edge becomes both arcs
    }

    @Test func truncationSaysWhatWasExpectedAndWhere() throws {
        #expect(jsonError("{\"nodes\": [{\"id\": 1}") == GraphError(source: "t.json", line: 1, column: 21, "expected ',' or ']', found end of file"))
        #expect(jsonError("{\"nodes\": [\n{\"id\": \"ab") == GraphError(source: "t.json", line: 2, column: 11, "expected '\"' to close the string that starts at 2:8, found end of file"))
        #expect(jsonError("{\"nodes\": [{\"id\": 1}],") == GraphError(source: "t.json", line: 1, column: 23, "expected a string key, found end of file"))
        #expect(jsonError("{\"nodes\": [{\"id\": 1}], \"edges\": [{\"source\": 1, \"target\": 1") == GraphError(source: "t.json", line: 1, column: 59, "expected ',' or '}', found end of file"))
        #expect(jsonError("{\"nodes\"") == GraphError(source: "t.json", line: 1, column: 9, "expected ':' after the key, found end of file"))
        #expect(jsonError("{\"nodes\": [{\"id\": 12") == GraphError(source: "t.json", line: 1, column: 21, "expected ',' or '}', found end of file"))
        #expect(jsonError("{\"nodes\": [{\"id\": tr") == GraphError(source: "t.json", line: 1, column: 19, "expected 'true', found 'tr'"))
    }

    @Test func badGraphsAreRefusedClearly() throws {
        #expect(jsonError(#"{"nodes": [{"id": "a"}], "links": [{"source": "a", "target": "b"}]}"#)?.message ==
                "\"target\" names 'b', which is not the id of a node in \"nodes\"")
        #expect(jsonError(#"{"nodes": [{"id": 1}], "links": [{"source": 1, "target": 2}]}"#)?.message ==
                "\"target\" names 2, which is not the id of a node in \"nodes\"")
        #expect(jsonError(#"{"nodes": [{"id": "a"}, {"name": "b"}], "links": []}"#)?.message ==
                "expected an \"id\" in this node, as earlier nodes have")
        #expect(jsonError(#"{"nodes": [{}, {"id": "b"}], "links": []}"#)?.column == 16)
        #expect(jsonError(#"{"nodes": [{}, {}], "links": [{"source": 0, "target": 2}]}"#)?.message.hasPrefix(
                "expected an index into \"nodes\" (0 to 1) for \"target\", found '2}]}'") == true)
        #expect(jsonError(#"{"nodes": [{"id": 1}], "links": [{"source": 1}]}"#)?.message == "expected \"source\" and \"target\" in this edge, found no \"target\"")
        #expect(jsonError(#"{"nodes": [{"id": 1}], "links": [{"source": 1, "target": 1, "weight": "heavy"}]}"#)?.message == "expected a number for the edge weight, found '\"heavy\"}]}'")
        #expect(jsonError(#"{"nodes": [{"id": 1}], "links": [{"source": 1, "target": 1, "weight": NaN}]}"#)?.message == "the edge weight is NaN: weights must be numbers")
        #expect(jsonError(#"{"nodes": [{"id": [1]}]}"#)?.message == "expected a string or number for the node id, found '[1]}]}'")
        #expect(jsonError(#"{"links": []}"#)?.message == "expected a \"nodes\" array in the top-level object, found none")
        #expect(jsonError(#"[{"id": 1}]"#)?.message == "expected '{' to start a node-link object, found '[{\"id\": 1}]'")
        #expect(jsonError(#"{"nodes": []} {"#)?.message == "expected end of file after the top-level value, found '{'")
        #expect(jsonError(#"{"nodes": [], "directed": "yes"}"#)?.message == "expected true or false for \"directed\", found '\"yes\"}'")
        #expect(jsonError(#"{"nodes": [], "nodes": []}"#)?.message == "a second \"nodes\" array")
    }

    @Test func grammarErrors() throws {
        #expect(jsonError(#"{"nodes": [{"id": 1},]}"#)?.message == "expected '{' to start a node, found ']}'")
        #expect(jsonError(#"{"nodes": [], "x": [1,]}"#)?.message == "expected a value, found ']}'")
        #expect(jsonError(#"{"nodes": [], "x": 012}"#)?.message == "malformed number: JSON numbers have no leading zeros")
        #expect(jsonError(#"{"nodes": [], "x": 1.}"#)?.message == "expected a digit after '.', found '}'")
        #expect(jsonError(#"{"nodes": [], "x": 1e}"#)?.message == "expected a digit in the exponent, found '}'")
        #expect(jsonError(#"{"nodes": [], "x": 12ab}"#)?.message == "malformed value: '12ab}' is not a JSON number, string, true, false or null")
        #expect(jsonError(#"{"nodes": [], "x": "\q"}"#)?.message == #"expected an escape (\" \\ \/ \b \f \n \r \t \uXXXX) after '\', found 'q"}'"#)
        #expect(jsonError(#"{"nodes": [], "x": "\u12"}"#)?.message == #"expected four hex digits after '\u', found '"}'"#)
        #expect(jsonError("{\"nodes\": [], \"x\": \"a\tb\"}")?.message == "a control character (byte 0x9) inside a string must be escaped")
        #expect(jsonError("{\"nodes\": [], \"x\": \"a\nb\"}")?.message == "expected '\"' to close the string, found end of line (JSON strings cannot span lines)")
        #expect(jsonError(#"{"nodes": [], 'x': 1}"#)?.message == "expected a string key, found ''x': 1}'")
        #expect(jsonError(#"{"nodes": [], "x" 1}"#)?.message == "expected ':' after the key, found '1}'")
        #expect(jsonError(#"{"nodes": [], "x": nul}"#)?.message == "expected 'null', found 'nul}'")
        #expect(jsonError(#"{"nodes": [], "x": -Inf}"#)?.message == "expected 'Infinity', found 'Inf}'")
    }

    @Test func hostileNestingIsBounded() throws {
        let deep = "{\"nodes\": [], \"x\": " + String(repeating: "[", count: 100_000)
        #expect(jsonError(deep)?.message == "JSON nested deeper than 512 levels")
        let deepObjects = "{\"nodes\": [{\"id\": 1, \"a\": " + String(repeating: "{\"a\": ", count: 10_000)
        #expect(jsonError(deepObjects)?.message == "JSON nested deeper than 512 levels")
        let fine = "{\"nodes\": [{\"id\": 1, \"a\": " + String(repeating: "[", count: 500) + String(repeating: "]", count: 500) + "}]}"
        let g = try json(fine)
        #expect(g.nodeAttributes.value("a", 0) == .string(String(repeating: "[", count: 500) + String(repeating: "]", count: 500)))
    }

    @Test func byteOrderMarkAndWhitespace() throws {
        let g = try GraphIO.read(bytes: [0xEF, 0xBB, 0xBF] + Array(" \r\n\t{\"nodes\":[{\"id\":\"x\"}],\"links\":[]}\r\n".utf8), source: "bom.json")
        #expect(g.nodeIDs == ["x"])
    }
}
