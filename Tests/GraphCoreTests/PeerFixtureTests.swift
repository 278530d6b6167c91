import Testing
@testable import GraphCore

/// Each fixture written by a real peer reads as the graph the peer held.
@Suite struct PeerFixtureTests {
    @Test func everyFixtureHasAnExpectation() {
        #expect(PeerFixtures.expectations.count >= 16)
        for e in PeerFixtures.expectations {
            #expect(PeerFixtures.graphFiles().contains(e.file), "\(e.file) is missing")
        }
    }

    @Test(arguments: PeerFixtures.expectations)
    func readsAsThePeerWroteIt(_ e: PeerFixtures.Expectation) throws {
        let g = try PeerFixtures.read(e.file, directed: e.readDirected)
        #expect(GraphInvariants.violations(g).isEmpty)
        #expect(g.isDirected == e.directed)
        #expect(g.isWeighted == e.weighted)
        #expect(g.nodeIDs == e.nodes)
        var expected: [EdgeIDs: Double] = [:]
        for (u, v, w) in e.edges { expected[EdgeIDs(u, v, directed: e.directed), default: 0] += w }
        let actual = g.edgesByID
        #expect(g.edgeCount == expected.count)
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, w) in expected {
            guard let a = actual[key] else { continue }
            if !e.weighted { #expect(a == 1); continue }
            #expect(abs(a - w) <= 1e-12 * max(1, abs(w)), "\(key): read \(a), peer wrote \(w)")
        }
    }
}
