import Foundation
import Testing
@testable import GraphCore

/// Statistics checked against NetworkX on fixtures NetworkX wrote: once
/// against its committed output, and once live when python3 with networkx
/// and scipy is installed (CI installs them).
@Suite struct StatisticsPeerTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let file: String
        /// What nx_stats.py reads: NetworkX drops lone ids from edge lists, so
        /// the isolates graph goes to it as Matrix Market.
        let peerInput: String
        let directed: Bool
        var testDescription: String { file }
    }

    static let cases = [
        Case(file: "directed.edges", peerInput: "directed.edges", directed: true),
        Case(file: "weighted.csv", peerInput: "weighted.csv", directed: false),
        Case(file: "isolates.edges", peerInput: "isolates.mtx", directed: false),
        Case(file: "selfloops.edges", peerInput: "selfloops.edges", directed: false),
        Case(file: "ba2000.edges", peerInput: "ba2000.edges", directed: false),
    ]

    static let peerScript = repositoryRoot() + "/../shared/peers/nx_stats.py"
    static let extraScript = repositoryRoot() + "/scripts/nx_stats_extra.py"
    static let pythonAvailable: Bool = FileManager.default.fileExists(atPath: peerScript)
        && (try? python(["-c", "import networkx, scipy"])) != nil

    func load(_ c: Case) throws -> Graph {
        try GraphIO.read(fixture(c.file), options: ReadOptions(directed: c.directed))
    }

    @Test(arguments: cases) func matchesCommittedNetworkXOutput(_ c: Case) throws {
        let g = try load(c)
        let stats = GraphStatistics.compute(g)
        let ours = try Self.object(stats.jsonString())
        try Self.expectSame(ours, Self.object(String(contentsOfFile: fixture(c.file + ".nx.json"), encoding: .utf8)), c.file)
        try expectExtrasMatch(g, stats, Self.object(String(contentsOfFile: fixture(c.file + ".nx_extra.json"), encoding: .utf8)))
    }

    @Test(.enabled(if: pythonAvailable), arguments: cases) func matchesLiveNetworkX(_ c: Case) throws {
        let g = try load(c)
        let stats = GraphStatistics.compute(g)
        let flags = c.directed ? ["--directed"] : []
        let peer = try Self.python([Self.peerScript, fixture(c.peerInput)] + flags)
        try Self.expectSame(Self.object(stats.jsonString()), Self.object(peer), c.file)

        // Our Louvain partition, scored by networkx.community.modularity.
        let communities = try #require(stats.communities)
        var groups = [[String]](repeating: [], count: communities.count)
        for v in 0..<g.nodeCount { groups[Int(communities.label[v])].append(g.nodeIDs[v]) }
        let partition = FileManager.default.temporaryDirectory.appendingPathComponent("tangle-partition-\(getpid())-\(c.file).json")
        try JSONSerialization.data(withJSONObject: groups).write(to: partition)
        defer { try? FileManager.default.removeItem(at: partition) }
        let extra = try Self.object(Self.python([Self.extraScript, fixture(c.file), "--partition", partition.path] + flags))
        let nxModularity = try #require(extra["modularity"] as? NSNumber).doubleValue
        #expect(close(communities.modularity, nxModularity), "modularity \(String(describing: communities.modularity)) vs NetworkX \(nxModularity)")
        #expect(nxModularity > 0.2)
        try expectExtrasMatch(g, stats, extra)
    }

    /// Top-10 lists, PageRank of every node, diameter and degree histogram.
    func expectExtrasMatch(_ g: Graph, _ stats: GraphStatistics, _ nx: [String: Any]) throws {
        #expect(stats.topDegree.map { g.nodeIDs[$0] } == nx["top_degree"] as? [String])
        #expect(stats.topPageRank.map { g.nodeIDs[$0] } == nx["top_pagerank"] as? [String])
        #expect(stats.diameter == (nx["diameter"] as? NSNumber)?.intValue)
        #expect(!stats.diameterEstimated)
        #expect(stats.degreeHistogram == (nx["degree_histogram"] as? [NSNumber])?.map(\.intValue))
        let ranks = try #require(nx["pagerank"] as? [String: NSNumber])
        #expect(ranks.count == g.nodeCount)
        let ours = PageRank.compute(g)
        var worst = 0.0
        for v in 0..<g.nodeCount {
            let theirs = try #require(ranks[g.nodeIDs[v]]).doubleValue
            worst = max(worst, abs(ours[v] - theirs) / theirs)
        }
        #expect(worst < 1e-9, "largest relative PageRank difference \(worst)")
    }

    /// Every key NetworkX printed has our value, numbers to 1e-9 relative.
    static func expectSame(_ ours: [String: Any], _ nx: [String: Any], _ what: String) {
        #expect(nx.count == 11)
        for (key, expected) in nx {
            let actual = ours[key]
            if let e = expected as? [String: Any] {
                expectSame(actual as? [String: Any] ?? [:], e, what, count: e.count, prefix: key + ".")
            } else {
                #expect(same(actual, expected), "\(what): \(key) is \(String(describing: actual)), NetworkX says \(expected)")
            }
        }
    }

    static func expectSame(_ ours: [String: Any], _ nx: [String: Any], _ what: String, count: Int, prefix: String) {
        #expect(ours.count == count)
        for (key, expected) in nx {
            #expect(same(ours[key], expected), "\(what): \(prefix)\(key) is \(String(describing: ours[key])), NetworkX says \(expected)")
        }
    }

    static func same(_ a: Any?, _ b: Any) -> Bool {
        if b is NSNull { return a is NSNull }
        guard let x = a as? NSNumber, let y = b as? NSNumber else { return false }
        return close(x.doubleValue, y.doubleValue)
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Runs python3 with `arguments`; its stdout, or an error when it fails.
    @discardableResult
    static func python(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PeerFailure(message: String(decoding: errors, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self)
    }

    struct PeerFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { "python3 failed: \(message)" }
    }
}
