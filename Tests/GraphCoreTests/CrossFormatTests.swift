import Testing
@testable import GraphCore

/// The same graph, written by different peers in different formats, reads
/// as the same graph.
@Suite struct CrossFormatTests {
    static let karateFiles = ["karate_networkx.graphml", "karate_igraph.graphml", "karate_networkx.gml", "karate_igraph.gml",
                              "karate_hand.dot", "karate_canon.dot", "karate_gml2gv.dot"]

    @Test func karateIsTheSameFromEveryPeer() throws {
        let reference = try Fixtures.read("karate_networkx.graphml").labelledEdges
        #expect(reference.count == 78)
        #expect(reference.contains(LabelledEdge(source: "0", target: "1", weight: 4)))
        for file in Self.karateFiles {
            let g = try Fixtures.read(file)
            #expect(!g.isDirected, "\(file)")
            #expect(g.nodeCount == 34, "\(file)")
            #expect(g.labelledEdges == reference, "\(file)")
            let clubs = (0..<34).map { g.nodeAttributes.value("club", $0)?.text ?? "?" }
            #expect(clubs.filter { $0 == "Mr. Hi" }.count == 17 && clubs.filter { $0 == "Officer" }.count == 17, "\(file)")
        }
    }

    @Test func typedGraphIsTheSameFromEveryPeer() throws {
        let files = ["mixed_networkx.graphml", "mixed_igraph.graphml", "mixed_networkx.gml", "mixed_igraph.gml"]
        let reference = try Fixtures.read(files[0]).labelledEdges
        #expect(reference == [LabelledEdge(source: "alpha", target: "b&c", weight: 1.5),
                              LabelledEdge(source: "b&c", target: "alpha", weight: 2),
                              LabelledEdge(source: "b&c", target: "ünï", weight: 0.25),
                              LabelledEdge(source: "ünï", target: "ünï", weight: 3),
                              LabelledEdge(source: "d", target: "alpha", weight: 10)])
        for file in files {
            let g = try Fixtures.read(file)
            #expect(g.isDirected, "\(file)")
            #expect(g.nodeCount == 5, "\(file)")
            #expect(g.labelledEdges == reference, "\(file)")
            let note = g.node(labelled: "b&c").flatMap { g.nodeAttributes.value("note", $0) }
            #expect(note == .string("say \"hi\" <now>"), "\(file)")
        }
    }

    @Test func directionCanBeOverridden() throws {
        let g = try Fixtures.read("karate_igraph.gml", options: ReadOptions(directed: true))
        #expect(g.isDirected)
        #expect(g.edgeCount == 156)
    }
}
