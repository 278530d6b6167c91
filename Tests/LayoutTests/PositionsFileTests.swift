import Testing
import Foundation
import GraphCore
@testable import Layout

@Suite struct PositionsFileTests {
    func read(_ text: String, _ g: Graph) throws -> LayoutPositions {
        try PositionsFile.read(text: TextInput(text, source: "p.csv"), graph: g)
    }

    /// A positions file NetworkX wrote (spring_layout of the karate club).
    @Test func readsNetworkXPositions() throws {
        let g = try TestGraphs.karate()
        let p = try PositionsFile.read(TestGraphs.fixture("karate_networkx_positions.csv"), graph: g)
        #expect(p.dimension == 2 && p.count == 34)
        let zero = try #require(g.node(withID: "0"))
        #expect(abs(p[zero, 0] - 0.18662622575680723) < 1e-15)
    }

    @Test func roundTripIn3DWithQuotedIds() throws {
        let g = try TestGraphs.edgeList("\"a,b\" c\nc d\n", directed: false)
        let p = LayoutPositions(dimension: 3, coordinates: [1, 2, 3, -4.5, 5e-3, 6, 7, 8, 9])
        let text = PositionsFile.csv(p, graph: g)
        #expect(text.hasPrefix("id,x,y,z\n\"a,b\",1,2,3\n"))
        #expect(try read(text, g) == p)
    }

    @Test func columnsInAnyOrderAndExtraColumns() throws {
        let g = try TestGraphs.edgeList("a b")
        let p = try read("y,label,id,x\n2,A,a,1\n4,B,b,3\n", g)
        #expect(p.coordinates == [1, 2, 3, 4])
    }

    @Test func unknownIdIsNamedWithItsPlace() throws {
        let g = try TestGraphs.edgeList("a b")
        #expect(throws: GraphError(source: "p.csv", line: 3, column: 1, "unknown node id \"q\" (not in the graph)")) {
            try read("id,x,y\na,1,2\nq,3,4\nb,1,1\n", g)
        }
    }

    @Test func missingIdsAreListed() throws {
        let g = try TestGraphs.edgeList("a b\nc d")
        #expect(throws: GraphError(source: "p.csv", "no position for 2 node ids: \"b\", \"d\"")) {
            try read("id,x,y\na,1,2\nc,3,4\n", g)
        }
    }

    @Test func badNumbersDuplicatesAndHeaders() throws {
        let g = try TestGraphs.edgeList("a b")
        #expect(throws: GraphError(source: "p.csv", line: 2, column: 5, "expected a finite number, found \"nan\"")) {
            try read("id,x,y\na,1,nan\nb,1,1\n", g)
        }
        #expect(throws: GraphError(source: "p.csv", line: 3, column: 1, "node id \"a\" appears twice")) {
            try read("id,x,y\na,1,1\na,2,2\n", g)
        }
        #expect(throws: GraphError.self) { try read("name,x,y\na,1,1\n", g) }
        #expect(throws: GraphError(source: "p.csv", line: 2, column: 1, "expected 3 columns, found 2")) {
            try read("id,x,y\na,1\n", g)
        }
    }

    @Test func startingPositionsAreUsed() throws {
        let g = try TestGraphs.karate()
        let p = try PositionsFile.read(TestGraphs.fixture("karate_networkx_positions.csv"), graph: g)
        let r = try GraphLayout.compute(g, algorithm: .forceAtlas2, iterations: 0, initial: p)
        #expect(r.positions == p)
    }
}

@Suite struct CSVQuotingTests {
    /// "\r\n" is one Character in Swift and a quote may carry a combining
    /// mark: quoting looks at bytes, so neither is written bare.
    @Test func quotesByBytesNotCharacters() {
        #expect(DelimitedRows.quoted("plain") == "plain")
        #expect(DelimitedRows.quoted("a\r\nb") == "\"a\r\nb\"")
        #expect(DelimitedRows.quoted("q\"\u{301}x") == "\"q\"\"\u{301}x\"")
        #expect(DelimitedRows.quoted("a,\"b\"") == "\"a,\"\"b\"\"\"")
    }
}
