import Testing
@testable import GraphCore

/// `--nodes FILE`: tables of node attributes joined onto a graph.
@Suite struct NodeTableTests {
    func table(_ text: String, _ source: String = "nodes.csv") throws -> NodeTable {
        try NodeTable.parse(TextInput(text, source: source))
    }

    @Test func csvColumnsAreTypedAsAWhole() throws {
        let t = try table("name,id,group,score,count\nAlice,a,red,1.5,3\n\"Bob, B.\",b,7,2,\n\"C\"\"\",c,blue,x,4\n")
        #expect(t.ids == ["a", "b", "c"])
        #expect(t.columns == ["name", "group", "score", "count"])
        #expect(t.values[1][0] == .string("Bob, B."))
        #expect(t.values[2][0] == .string("C\""))
        #expect(t.values[1][1] == .string("7"))      // a column with text is text
        #expect(t.values[0][2] == .string("1.5"))    // "x" makes score text too
        #expect(t.values[0][3] == .int(3) && t.values[1][3] == nil)
        let numbers = try table("id,w\na,1\nb,2.5\n")
        #expect(numbers.values.map { $0[0] } == [.double(1), .double(2.5)])
    }

    @Test func firstColumnIsTheKeyWithoutAnIdColumn() throws {
        let t = try table("node\tlabel\nx\tEx\ny\tWhy\n", "nodes.tsv")
        #expect(t.ids == ["x", "y"] && t.columns == ["label"] && t.values[1][0] == .string("Why"))
    }

    @Test func jsonRecordsKeepTheirTypes() throws {
        let t = try table(#"[{"id": 1, "group": "a", "w": 2.5, "ok": true}, {"id": "2", "group": null, "tags": [1, 2]}]"#, "n.json")
        #expect(t.ids == ["1", "2"])
        #expect(t.columns == ["group", "w", "ok", "tags"])
        #expect(t.values[0] == [.string("a"), .double(2.5), .bool(true), nil])
        #expect(t.values[1] == [nil, nil, nil, .string("[1,2]")])
        let wrapped = try table(#"{"nodes": [{"id": "q", "x": 1}]}"#, "n.json")
        #expect(wrapped.ids == ["q"])
    }

    @Test func badTablesNameThePlace() throws {
        #expect(throws: GraphError(source: "nodes.csv", line: 3, column: 1, "node id \"a\" appears twice in the table")) {
            try table("id,g\na,1\na,2\n")
        }
        #expect(throws: GraphError(source: "nodes.csv", line: 2, column: 5, "expected 2 columns as the header names, found 3")) {
            try table("id,g\na,1,2\n")
        }
        #expect(throws: GraphError(source: "nodes.csv", line: 2, column: 3, "unterminated quoted field: no closing '\"' before the end of the line")) {
            try table("id,g\na,\"1\n")
        }
        #expect(throws: GraphError.self) { try table("", "nodes.csv") }
        #expect(throws: GraphError.self) { try table(#"[{"id": "a"}, "#, "n.json") }
    }

    @Test func joinAddsAttributesCountsAndAddsMissingIds() throws {
        let g = try parse("a b\nb c\n", .edgelist)
        let t = try table("id,group\nc,x\nzz,y\na,x\n")
        let (joined, unmatched) = g.joining(t, addMissing: false)
        #expect(unmatched == 1 && joined.nodeCount == 3)
        #expect(joined.nodeAttributes.value("group", 0) == .string("x") && joined.nodeAttributes.value("group", 1) == nil)
        let (added, count) = g.joining(t, addMissing: true)
        #expect(count == 1 && added.nodeCount == 4 && added.nodeIDs[3] == "zz")
        #expect(added.degree(3) == 0 && added.edgeCount == 2 && added.nodeAttributes.value("group", 3) == .string("y"))
        let stats = GraphStatistics.compute(added)
        #expect(stats.components == 2)
        // Directed graphs keep both adjacencies in step.
        let d = try parse("a b\n", .edgelist).withDirection(directed: true)
        let (dj, _) = d.joining(t, addMissing: true)
        #expect(dj.inbound?.offsets.count == dj.nodeCount + 1 && dj.out.offsets.count == dj.nodeCount + 1)
    }
}

@Suite struct FileVisualsTests {
    @Test func gmlGraphicsAndJSONXYArePositions() throws {
        let gml = try parse("graph [ node [ id 0 graphics [ x 1.5 y -2 ] ] node [ id 1 graphics [ x 3 y 4 ] ] edge [ source 0 target 1 ] ]", .gml)
        let v = FileVisuals(of: gml)
        #expect(v.positions == [1.5, -2, 3, 4] && v.positionsSource == "graphics x/y in the file")
        let json = try parse(#"{"nodes": [{"id": "a", "x": 1, "y": 2, "z": 3}, {"id": "b", "x": 4, "y": 5, "z": 6}], "links": []}"#, .json)
        let j = FileVisuals(of: json)
        #expect(j.dimension == 3 && j.positions == [1, 2, 3, 4, 5, 6])
    }

    @Test func partialPositionsAreNotALayout() throws {
        let json = try parse(#"{"nodes": [{"id": "a", "x": 1, "y": 2}, {"id": "b"}], "links": []}"#, .json)
        #expect(FileVisuals(of: json).positions == nil)
        #expect(FileVisuals.partialPositions(of: json)?.count == 1)
    }
}
