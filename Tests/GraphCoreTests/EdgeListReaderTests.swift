import Testing
@testable import GraphCore

@Suite struct EdgeListReaderTests {
    func read(_ text: String, _ format: GraphFormat = .edgelist, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "t", options: ReadOptions(format: format, directed: directed))
    }

    @Test func whitespaceWithCommentsWeightsAndIsolates() throws {
        let g = try read("# comment\n% other\na b 2.5\nb\tc 1 # trailing\n\n  d\nc a 0.5\n")
        #expect(g.nodeIDs == ["a", "b", "c", "d"])
        #expect(g.edgeCount == 3)
        #expect(g.isWeighted)
        #expect(g.weight(0, 1) == 2.5)
        #expect(g.degree(3) == 0)
    }

    @Test func csvHeaderNamesColumns() throws {
        let g = try read("from,to,kind,weight\n\"x, y\",z,road,3\nz,w,rail,1e2\n", .csv)
        #expect(g.nodeIDs == ["x, y", "z", "w"])
        #expect(g.weight(1, 2) == 100)
        #expect(g.edgeAttributes[EdgeKey(0, 1, directed: false)]?["kind"] == .string("road"))
    }

    @Test func csvWithoutHeaderAndQuotedQuotes() throws {
        let g = try read("1,2\n\"a \"\"q\"\"\",1\n", .csv)
        #expect(g.nodeIDs == ["1", "2", "a \"q\""])
    }

    @Test func tsvDirected() throws {
        let g = try read("source\ttarget\nA\tB\nB\tA\nA\tB\n", .tsv, directed: true)
        #expect(g.isDirected)
        #expect(g.edgeCount == 2)
    }

    @Test func errorsNameLineAndColumn() throws {
        #expect(throws: GraphError(source: "t", line: 2, column: 5, "expected a number for the edge weight, found 'x' (a header line naming the columns makes other columns attributes)")) {
            try read("a b 1\nc d x\n")
        }
        #expect(throws: GraphError(source: "t", line: 1, column: 3, "unterminated quoted field: no closing '\"' before the end of the line")) {
            try read("a,\"b\n", .csv)
        }
        #expect(throws: GraphError(source: "t", "the file is empty: there is no graph to read")) { try read("  \n\n") }
        #expect(throws: GraphError.self) { try read("a,,1\n", .csv) }
    }

    @Test func binaryGarbageIsRefused() throws {
        let bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01, 0xFF]
        #expect(throws: GraphError.self) { try GraphIO.read(bytes: bytes, source: "x.png") }
    }

    @Test func demoKarate() throws {
        let g = try GraphIO.read("demo:karate")
        #expect(g.nodeCount == 34)
        #expect(g.edgeCount == 78)
    }
}

@Suite struct EdgeListHeaderEdgeCases {
    @Test func headerWithSourceSecondAndShortRowIsAnErrorNotACrash() throws {
        // Found by libFuzzer: the source column is 1, the row has one field.
        #expect(throws: GraphError.self) {
            try GraphIO.read(bytes: Array("to from\nx\n".utf8), source: "a.edges")
        }
        #expect(throws: GraphError.self) {
            try GraphIO.read(bytes: Array("J,i\n)\n".utf8), source: "a.csv")
        }
    }

    @Test func loneIdIsAnIsolatedNodeWithOrWithoutHeader() throws {
        let g = try GraphIO.read(bytes: Array("source,target\na,b\nc\n".utf8), source: "a.csv")
        #expect(g.nodeIDs == ["a", "b", "c"])
        #expect(g.edgeCount == 1)
    }
}
