import Testing
@testable import GraphCore

/// Ids are kept byte for byte: the dense path for decimal ids must never merge
/// ids that merely have the same numeric value, nor split one id in two.
@Suite struct NodeInternerTests {
    @Test func decimalLookalikesStayDistinct() {
        var b = GraphBuilder(directed: false)
        let ids = ["7", "007", "07", "+7", "-7", "7.0", " 7", "0", "00", "a", "1", ""]
        let nodes = ids.map { b.node($0) }
        #expect(nodes == (0..<ids.count).map { Int32($0) })
        #expect(ids.map { b.node($0) } == nodes)
        #expect(ids.map { b.existingNode($0) } == nodes.map { Optional($0) })
        #expect(nodes.map { b.id(of: $0) } == ids)
        #expect(b.existingNode("70") == nil)
        #expect(b.build().nodeIDs == ids)
    }

    @Test func integersBeyondTheDenseRangeAndBeyondInt() {
        var b = GraphBuilder(directed: false)
        let ids = ["18446744073709551616", "999999999999999999", "1000000000000000000", "123456789012", "5",
                   "4294967296", "2147483648", "18446744073709551617"]
        let nodes = ids.map { b.node($0) }
        #expect(Set(nodes).count == ids.count)
        #expect(ids.map { b.node($0) } == nodes)
        #expect(ids.map { b.existingNode($0) } == nodes.map { Optional($0) })
        #expect(b.build().nodeIDs == ids)
    }

    /// A decimal too big for the dense range when first seen lives in the hash
    /// table; when the range later grows over it, it must still be found.
    @Test func decimalsSeenBeforeTheDenseRangeGrewAreFoundAfterwards() {
        var b = GraphBuilder(directed: false)
        let early = b.node("100000")
        let early2 = b.node("150000")
        let stillSparse = b.node("900000000")
        #expect(b.interner.denseCount < 100_000)
        for i in 0..<30_000 { b.node(String(i)) }
        #expect(b.node("100000") == early)
        #expect(b.interner.denseCount > 100_000)  // the lookup grew the range over it
        #expect(b.existingNode("150000") == early2)
        #expect(b.node("900000000") == stillSparse)
        #expect(b.nodeCount == 30_003)
        let g = b.build()
        #expect(Array(g.nodeIDs.prefix(4)) == ["100000", "150000", "900000000", "0"])
        #expect(g.nodeIDs.last == "29999")
    }

    @Test func manyStringIdsSurviveRehashing() {
        var b = GraphBuilder(directed: false)
        for i in 0..<50_000 { b.node("n\(i)") }
        #expect(b.node("n0") == 0)
        #expect(b.node("n49999") == 49_999)
        #expect(b.existingNode("n50000") == nil)
        #expect(b.nodeCount == 50_000)
    }

    @Test func mixedNumericAndStringIdsKeepFirstAppearanceOrder() throws {
        let g = try parse("a 1\n2 b\n1 a\n007 7\n07 7\n", .edgelist)
        #expect(g.nodeIDs == ["a", "1", "2", "b", "007", "7", "07"])
        #expect(g.edgeCount == 4)  // a–1 twice merges
        #expect(g.weight(g.node(withID: "007")!, g.node(withID: "7")!) == 1)
        #expect(g.weight(g.node(withID: "07")!, g.node(withID: "007")!) == nil)
    }

    @Test func quotedAndPlainDecimalAreOneNode() throws {
        let g = try parse("\"7\",8,1.5\n7,8,2\n", .csv)
        #expect(g.nodeIDs == ["7", "8"])
        #expect(g.edgeCount == 1)
        #expect(g.weight(0, 1) == 3.5)
    }
}
