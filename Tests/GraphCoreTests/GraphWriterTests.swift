import Foundation
import Testing
@testable import GraphCore

@Suite struct GraphWriterTests {
    static let roundTripFixtures = ["karate_networkx.json", "mixed_networkx_links.json", "multi_networkx.json", "miserables_d3.json",
                                    "people_networkx.net", "mixed_sections_pajek.net", "karate_igraph.net", "random_scipy_real.mtx"]

    func reread(_ text: String, _ format: GraphFormat, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "written", options: ReadOptions(format: format, directed: directed))
    }

    /// Same nodes in the same order, same edges and weights, same attributes.
    func expectSameGraph(_ a: Graph, _ b: Graph) {
        #expect(a.isDirected == b.isDirected)
        #expect(a.nodeIDs == b.nodeIDs)
        #expect(a.isWeighted == b.isWeighted)
        #expect(a.edgesByID == b.edgesByID)
        #expect(a.graphAttributes == b.graphAttributes)
        for node in 0..<min(a.nodeCount, b.nodeCount) {
            let x = a.nodeAttributes.values(of: node), y = b.nodeAttributes.values(of: node)
            #expect(x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1), "node \(a.nodeIDs[node])")
        }
        #expect(a.edgeAttributes == b.edgeAttributes)
    }

    @Test(arguments: roundTripFixtures)
    func nodeLinkJSONRoundTrip(_ name: String) throws {
        let g = try PeerFixtures.read(name)
        let back = try reread(NodeLinkJSONWriter.write(g), .json)
        expectSameGraph(g, back)
        #expect(GraphInvariants.violations(back).isEmpty)
    }

    /// NetworkX's own `node_link_graph` reads what we write.
    @Test(arguments: ["karate_networkx.json", "mixed_networkx_links.json", "people_networkx.net"])
    func networkxReadsOurJSON(_ name: String) throws {
        let g = try PeerFixtures.read(name)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tangle-\(getpid())-\(name).json")
        try NodeLinkJSONWriter.write(g).write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", PeerFixtures.path("networkx_reads_b.py"), file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "networkx could not read the output")
        let seen = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(seen["directed"] as? Bool == g.isDirected)
        #expect(seen["nodes"] as? [String] == g.nodeIDs)
        let edges = (seen["edges"] as? [[Any]] ?? []).map { e in
            (EdgeIDs(e[0] as? String ?? "", e[1] as? String ?? "", directed: g.isDirected), (e[2] as? NSNumber)?.doubleValue ?? .nan)
        }
        #expect(Dictionary(edges, uniquingKeysWith: { a, _ in a }) == g.edgesByID)
        #expect(edges.count == g.edgeCount)
        if name == "karate_networkx.json" {
            #expect((seen["nodeTypes"] as? [String])?.allSatisfy { $0 == "int" } == true)  // integer ids stay integers
            let attrs = seen["nodeAttributes"] as? [String: [String: Any]]
            #expect(attrs?["9"]?["club"] as? String == "Officer")
            #expect((seen["graph"] as? [String: Any])?["name"] as? String == "Zachary's Karate Club")
        }
        if name == "mixed_networkx_links.json" {
            #expect((seen["nodeTypes"] as? [String]) == ["str", "str", "str", "int", "str", "str"])  // 2.5 was kept as text
            let attrs = seen["nodeAttributes"] as? [String: [String: Any]]
            #expect(attrs?["a b"]?["flag"] as? Bool == true)
            #expect(attrs?["a b"]?["size"] as? Int == 3)
            #expect(attrs?["quote\"d\\back/slash"]?["size"] as? Int == -4)
        }
    }

    @Test func edgeListQuotesWhatWouldBeMisread() throws {
        let g = try reread(#"""
            {"directed": true, "nodes": [{"id": "from"}, {"id": "to"}, {"id": "a b"}, {"id": "#hash"}, {"id": "%pct"},
             {"id": "q\"uote"}, {"id": ""}, {"id": "x,y"}, {"id": "tab\there"}, {"id": "lonely"}, {"id": " pad "}],
             "edges": [{"source": "from", "target": "to", "weight": 2}, {"source": "a b", "target": "#hash", "weight": 0.1},
                       {"source": "%pct", "target": "q\"uote", "weight": -3}, {"source": "", "target": "x,y", "weight": 1e-300},
                       {"source": "tab\there", "target": " pad ", "weight": 7}, {"source": "x,y", "target": "", "weight": 1}]}
            """#, .json)
        let text = EdgeListWriter.write(g)
        #expect(text.hasPrefix("from\nfrom to 2\n"))  // a first line `from to` alone would be taken for a header
        let back = try reread(text, .edgelist, directed: true)
        #expect(Set(back.nodeIDs) == Set(g.nodeIDs))
        #expect(back.edgesByID == g.edgesByID)
        let csv = EdgeListWriter.write(g, style: .csv)
        #expect(csv.hasPrefix("source,target,weight\n"))
        let backCSV = try reread(csv, .csv, directed: true)
        #expect(Set(backCSV.nodeIDs) == Set(g.nodeIDs))
        #expect(backCSV.edgesByID == g.edgesByID)
    }

    @Test func csvCarriesEdgeAttributes() throws {
        let g = try PeerFixtures.read("mixed_networkx_links.json")
        let csv = EdgeListWriter.write(g, style: .csv)
        #expect(csv.hasPrefix("source,target,weight,label\n"))
        let back = try reread(csv, .csv, directed: true)
        #expect(back.edgesByID == g.edgesByID)
        #expect(Set(back.nodeIDs) == Set(g.nodeIDs))
        let a = try #require(back.node(withID: "a b")), q = try #require(back.node(withID: "quote\"d\\back/slash"))
        #expect(back.edgeAttributes[EdgeKey(Int32(a), Int32(q), directed: true)]?["label"] == .string("first"))
    }

    @Test func unweightedEdgeListsAndLineBreaksInIDs() throws {
        let g = try PeerFixtures.read("karate_scipy_pattern.mtx")
        let text = EdgeListWriter.write(g)
        #expect(text.split(separator: "\n").count == 78)
        #expect(text.hasPrefix("1 2\n"))
        let back = try reread(text, .edgelist)
        #expect(Set(back.nodeIDs) == Set(g.nodeIDs))  // in order of appearance, not the matrix's order
        #expect(back.edgesByID == g.edgesByID && !back.isWeighted)
        let broken = try reread(#"{"nodes": [{"id": "two\nlines"}, {"id": "b"}], "edges": [{"source": "two\nlines", "target": "b"}]}"#, .json)
        #expect(EdgeListWriter.write(broken) == "\"two lines\" b\n")
    }
}
