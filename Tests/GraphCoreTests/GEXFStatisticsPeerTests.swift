import Foundation
import Testing
@testable import GraphCore

/// Statistics of GEXF files `networkx.write_gexf` wrote (undirected and
/// weighted with attributes, directed and weighted with typed attributes,
/// parallel edges) equal NetworkX's on the same files read by
/// `networkx.read_gexf`: against its committed output, and live when python3
/// with networkx and scipy is installed (scripts/nx_gexf_stats.py).
@Suite struct GEXFStatisticsPeerTests {
    static let files = ["karate_networkx.gexf", "mixed_networkx.gexf", "multi_networkx.gexf"]
    static let script = repositoryRoot() + "/scripts/nx_gexf_stats.py"

    func compare(_ file: String, _ peer: String) throws {
        let g = try Fixtures.read(file)
        let stats = GraphStatistics.compute(g)
        let nx = try StatisticsPeerTests.object(peer)
        let nxStats = try #require(nx["stats"] as? [String: Any])
        let extra = try #require(nx["extra"] as? [String: Any])
        #expect((nxStats["nodes"] as? NSNumber)?.intValue == g.nodeCount)
        StatisticsPeerTests.expectSame(try StatisticsPeerTests.object(stats.jsonString()), nxStats, file)
        try StatisticsPeerTests().expectExtrasMatch(g, stats, extra)
    }

    @Test(arguments: files) func matchesCommittedNetworkXOutput(_ file: String) throws {
        try compare(file, String(contentsOfFile: Fixtures.path(file + ".nx.json"), encoding: .utf8))
    }

    @Test(.enabled(if: StatisticsPeerTests.pythonAvailable), arguments: files)
    func matchesLiveNetworkX(_ file: String) throws {
        try compare(file, StatisticsPeerTests.python([Self.script, Fixtures.path(file)]))
    }
}
