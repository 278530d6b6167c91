import Foundation
import Testing
@testable import GraphCore

@Suite struct StatisticsTests {
    func graph(_ text: String, directed: Bool = false) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "t.edges", options: ReadOptions(directed: directed))
    }

    /// Zachary's karate club; the expected values are NetworkX 3.6.1's.
    @Test func karateMatchesNetworkX() throws {
        let s = GraphStatistics.compute(try GraphIO.read("demo:karate"))
        #expect(s.nodes == 34 && s.edges == 78 && !s.directed && !s.weighted)
        #expect(s.averageClustering == 0.5706384782076823)
        #expect(s.transitivity == 0.2556818181818182)
        #expect(close(s.assortativity, -0.47561309768461413))
        #expect(close(s.density, 0.13903743315508021))
        #expect(s.degree == .init(min: 1, max: 17, mean: 4.588235294117647))
        #expect(s.components == 1 && s.largestComponent == 34 && s.selfLoops == 0)
        #expect(s.diameter == 5 && !s.diameterEstimated)
        #expect(s.degreeHistogram == [0, 1, 11, 6, 6, 3, 2, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1])
        #expect(s.topDegree.map { s.nodeIDs[$0] } == ["33", "0", "32", "2", "1", "3", "31", "8", "13", "23"])
        #expect(s.topDegreeCounts == [17, 16, 12, 10, 9, 6, 6, 5, 5, 5])
        #expect(s.topPageRank.map { s.nodeIDs[$0] } == ["33", "0", "32", "2", "1", "31", "3", "23", "8", "13"])
        let communities = try #require(s.communities)
        #expect(communities.count >= 3 && communities.count <= 5)
        #expect((communities.modularity ?? 0) > 0.40)
    }

    /// The table a person reads, against a golden file (regenerate it on purpose only).
    @Test func karateTableMatchesGoldenFile() throws {
        let s = GraphStatistics.compute(try GraphIO.read("demo:karate"))
        let golden = try String(contentsOfFile: fixture("karate.table.txt"), encoding: .utf8)
        #expect(s.table() + "\n" == golden)
    }

    /// Self-loops: ignored by clustering, counted twice by degree, once per
    /// node row by assortativity (checked against NetworkX by hand).
    @Test func selfLoopsFollowNetworkX() throws {
        // Triangle a-b-c, a loop on a, and a pendant d on c.
        let s = GraphStatistics.compute(try graph("a b\nb c\nc a\na a\nc d\n"))
        #expect(s.selfLoops == 1 && s.edges == 5)
        #expect(s.degree == .init(min: 1, max: 4, mean: 2.5))
        // Clustering: a 1, b 1, c 1/3, d 0 → mean 7/12; transitivity 3·1/(2+2+6) … = 6/10.
        #expect(s.averageClustering == (1.0 + 1.0 + 1.0 / 3.0 + 0.0) / 4.0)
        #expect(s.transitivity == 0.6)
        // networkx.degree_assortativity_coefficient on this graph.
        #expect(close(s.assortativity, -0.1250000000000001))
        #expect(s.degreeHistogram == [0, 1, 1, 1, 1])
    }

    @Test func directedGraphsHaveNoUndirectedOnlyValues() throws {
        let s = GraphStatistics.compute(try graph("a b\nb c\nc a\nd e\n", directed: true))
        #expect(s.directed && s.components == 2 && s.largestComponent == 3)
        #expect(s.averageClustering == nil && s.transitivity == nil && s.assortativity == nil)
        #expect(close(s.density, 4.0 / 20.0))
        #expect(s.diameter == 1)
        #expect(s.jsonString().contains("\"average_clustering\": null"))
    }

    @Test func undefinedValuesAreNil() throws {
        // Every edge end has degree 1: assortativity is 0/0, as NetworkX's NaN.
        let s = GraphStatistics.compute(try graph("a b\nc d\n"))
        #expect(s.assortativity == nil)
        #expect(s.transitivity == 0 && s.averageClustering == 0)
        let lone = GraphStatistics.compute(try graph("a\n"))
        #expect(lone.density == 0 && lone.degreeHistogram == [1] && lone.diameter == 0)
        #expect(lone.communities?.modularity == nil)
    }

    @Test func componentsAreNumberedByLowestNode() throws {
        let g = try graph("x\na b\nc d\nb c\ne\n")
        let (label, sizes) = g.components()
        #expect(label == [0, 1, 1, 1, 1, 2])
        #expect(sizes == [1, 4, 1])
        let d = try graph("a b\nc b\nd\n", directed: true)
        #expect(d.components().sizes == [3, 1])
    }

    @Test func triangleCountsDoNotDependOnThreads() throws {
        let g = try GraphIO.read(fixture("ba2000.edges"))
        let one = TriangleCensus(g, threads: 1), two = TriangleCensus(g, threads: 2, chunk: 64), five = TriangleCensus(g, threads: 5, chunk: 7)
        #expect(one.triangles == two.triangles && one.triangles == five.triangles)
        #expect(one.triangles.reduce(0, +) % 3 == 0)
        #expect(one.triangles.reduce(0, +) > 0)
    }

    @Test func diameterEstimateIsMarkedAndBoundedByTheExactValue() throws {
        let g = try GraphIO.read(fixture("ba2000.edges"))
        var options = GraphStatistics.Options()
        let exact = GraphStatistics.compute(g, options: options)
        options.exactDiameterLimit = 100
        let estimate = GraphStatistics.compute(g, options: options)
        #expect(!exact.diameterEstimated && estimate.diameterEstimated)
        let e = try #require(estimate.diameter), x = try #require(exact.diameter)
        #expect(e <= x && e >= x - 1)
        var dense = GraphStatistics.Options()
        dense.exactDiameterWork = 1_000_000  // 2000 nodes × 12k entries is more
        #expect(GraphStatistics.compute(g, options: dense).diameterEstimated)
        // A path: double sweeps find its diameter exactly.
        let path = try graph((0..<50).map { "\($0) \($0 + 1)" }.joined(separator: "\n"))
        options.exactDiameterLimit = 10
        #expect(GraphStatistics.compute(path, options: options).diameter == 50)
    }

    @Test func louvainIsDeterministicAndFindsPlantedCommunities() throws {
        // Two 5-cliques joined by one edge.
        var lines: [String] = []
        for base in [0, 5] { for i in 0..<5 { for j in (i + 1)..<5 { lines.append("\(base + i) \(base + j)") } } }
        lines.append("4 5")
        let g = try graph(lines.joined(separator: "\n"))
        let c = Communities.louvain(g, seed: 3)
        #expect(c.count == 2)
        #expect(c.label == [0, 0, 0, 0, 0, 1, 1, 1, 1, 1])
        // Modularity of two 10-edge halves: Σ L_c/m − (d_c/2m)² with m 21, d_c 21.
        #expect(close(c.modularity, 2 * (10.0 / 21.0 - 0.25)))
        let big = try GraphIO.read(fixture("ba2000.edges"))
        #expect(Communities.louvain(big, seed: 7).label == Communities.louvain(big, seed: 7).label)
    }

    @Test func pageRankSumsToOneAndFavoursHubs() throws {
        let star = try graph("h a\nh b\nh c\nh d\n")
        let pr = PageRank.compute(star)
        #expect(close(pr.reduce(0, +), 1))
        #expect(pr[0] > pr[1] && pr[1] == pr[2])
    }

    @Test func jsonParsesAndTableAligns() throws {
        let s = GraphStatistics.compute(try graph("\"q\"\"x\" b 2\nb c 0.5\n"))
        let object = try JSONSerialization.jsonObject(with: Data(s.jsonString().utf8)) as? [String: Any]
        #expect(object?["weighted"] as? Bool == true)
        #expect(object?["top_degree"] as? [String] == ["b", "q\"x", "c"])
        let table = s.table()
        let rows = table.split(separator: "\n")
        #expect(rows.count >= 12)
        let column = rows[0].distance(from: rows[0].startIndex, to: rows[0].firstIndex(of: "3")!)
        for row in rows {
            #expect(row[row.index(row.startIndex, offsetBy: column - 1)] == " ")
            #expect(row[row.index(row.startIndex, offsetBy: column)] != " ")
        }
        #expect(GraphStatistics.decimal(1234.56789) == "1,234.5679")
        #expect(GraphStatistics.decimal(-0.25) == "-0.2500")
        #expect(GraphStatistics.decimal(0.0017494981182417985) == "0.001749")
        #expect(GraphStatistics.decimal(0.06732117812061711) == "0.06732")
        #expect(GraphStatistics.decimal(0.00020933292445748613) == "2.093e-4")
        #expect(GraphStatistics.decimal(0.000099996) == "1.000e-4")
        #expect(GraphStatistics.decimal(19.998) == "19.9980")
        #expect(GraphStatistics.grouped(1_000_000) == "1,000,000")
    }

    @Test func differenceOfProductsIsExact() {
        #expect(GraphStatistics.differenceOfProducts(3, 4, 2, 7) == -2)
        #expect(GraphStatistics.differenceOfProducts(1 << 40, 1 << 40, 1, 5) == 0x1p80 - 5)
        #expect(GraphStatistics.differenceOfProducts(1 << 40, (1 << 40) + 1, 1 << 40, 1 << 40) == 0x1p40)
        #expect(GraphStatistics.differenceOfProducts(1 << 40, 1 << 40, (1 << 40) + 1, 1 << 40) == -0x1p40)
    }
}

/// True when `a` equals `b` to 1e-9 relative (or both are tiny).
func close(_ a: Double?, _ b: Double, relative: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= relative * max(abs(a), abs(b)) || abs(a - b) < 1e-15
}

/// Path of a fixture in Tests/Fixtures/stats.
func fixture(_ name: String) -> String {
    repositoryRoot() + "/Tests/Fixtures/stats/" + name
}

func repositoryRoot() -> String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}
