import Testing
@testable import GraphCore

/// Evaluating filters: each metric and operator against a brute-force
/// definition, the induced subgraph, ego and paths, and the metric cache.
@Suite struct FilterEvaluateTests {
    func select(_ text: String, _ store: MetricStore) throws(GraphError) -> [Int] {
        try Filter(parsing: text).evaluate(in: store).nodes
    }

    /// Karate with attributes: `club` (text), `age` (numbers, missing on node 0), `tag`.
    func attributed() throws -> Graph {
        let karate = try GraphIO.read("demo:karate")
        var b = GraphBuilder(directed: false)
        for id in karate.nodeIDs { b.node(id) }
        karate.forEachEdge { u, v, _ in b.addEdge(Int32(u), Int32(v)) }
        for v in 1..<karate.nodeCount {
            b.setAttribute(node: Int32(v), "club", .string(v % 3 == 0 ? "Officer" : "Mr. Hi"))
            b.setAttribute(node: Int32(v), "age", v % 2 == 0 ? .int(20 + v) : .double(20.5 + Double(v)))
        }
        b.setAttribute(node: 0, "club", .string("Mr. Hi"))
        return b.build()
    }

    @Test func degreeComparisonsMatchTheDefinition() throws {
        let g = try GraphIO.read("demo:lesmis")
        let store = MetricStore(graph: g)
        let ops: [(String, (Int, Int) -> Bool)] = [("==", (==)), ("!=", (!=)), ("<", (<)), ("<=", (<=)), (">", (>)), (">=", (>=))]
        for (op, holds) in ops {
            let expected = (0..<g.nodeCount).filter { holds(g.degree($0), 5) }
            #expect(try select("degree \(op) 5", store) == expected, "degree \(op) 5")
        }
        #expect(try select("not degree >= 5", store) == (0..<g.nodeCount).filter { g.degree($0) < 5 })
        #expect(try select("degree >= 5 and degree <= 8 or degree == 1", store)
                == (0..<g.nodeCount).filter { (5...8).contains(g.degree($0)) || g.degree($0) == 1 })
    }

    /// The counting sort by degree gives the comparison sort's order (decreasing degree, then index).
    @Test(arguments: [UInt64(1), 2]) func nodesByDecreasingDegreeIsTheSortedOrder(_ seed: UInt64) throws {
        for g in [try Generators.barabasiAlbert(nodes: 2_000, m: 3, seed: seed),
                  try Generators.erdosRenyi(nodes: 500, p: 0.01, directed: true, seed: seed)] {
            let d = (0..<g.nodeCount).map { g.degree($0) }
            let expected = (0..<g.nodeCount).sorted { d[$0] != d[$1] ? d[$0] > d[$1] : $0 < $1 }
            #expect(g.nodesByDecreasingDegree() == expected)
            #expect(Set(d).count > 5)
        }
    }

    /// Core numbers against peeling: the k-core is what remains after
    /// repeatedly removing nodes of degree < k.
    @Test(arguments: [UInt64(1), 2, 3]) func coreNumbersMatchPeeling(_ seed: UInt64) throws {
        let g = try Generators.erdosRenyi(nodes: 120, p: 0.06, seed: seed)
        let core = g.coreNumbers()
        #expect(core.max()! >= 3)
        for k in 0...Int(core.max()!) + 1 {
            var alive = [Bool](repeating: true, count: g.nodeCount)
            var changed = true
            while changed {
                changed = false
                for v in 0..<g.nodeCount where alive[v] {
                    let d = g.undirectedNeighbours(v).filter { alive[$0] }.count
                    if d < k { alive[v] = false; changed = true }
                }
            }
            for v in 0..<g.nodeCount { #expect(alive[v] == (core[v] >= k), "node \(v), k \(k)") }
        }
    }

    /// Betweenness against counting shortest paths pair by pair.
    @Test(arguments: [false, true]) func betweennessMatchesPairCounting(_ directed: Bool) throws {
        let g = try Generators.erdosRenyi(nodes: 40, p: 0.08, directed: directed, seed: 7)
        let n = g.nodeCount
        // BFS distances and path counts from every node, following directions.
        var dist = [[Int]](repeating: [Int](repeating: -1, count: n), count: n)
        var sigma = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for s in 0..<n {
            dist[s][s] = 0; sigma[s][s] = 1
            var queue = [s], head = 0
            while head < queue.count {
                let u = queue[head]; head += 1
                for w in g.out.neighbours(u).map(Int.init) where w != u {
                    if dist[s][w] < 0 { dist[s][w] = dist[s][u] + 1; queue.append(w) }
                    if dist[s][w] == dist[s][u] + 1 { sigma[s][w] += sigma[s][u] }
                }
            }
        }
        let ours = g.betweenness()
        for v in 0..<n {
            var total = 0.0
            for s in 0..<n where s != v {
                for t in 0..<n where t != v && t != s && dist[s][t] > 0 {
                    if dist[s][v] >= 0 && dist[v][t] >= 0 && dist[s][v] + dist[v][t] == dist[s][t] {
                        total += sigma[s][v] * sigma[v][t] / sigma[s][t]
                    }
                }
            }
            let expected = total / (Double(n - 1) * Double(n - 2))
            #expect(abs(ours[v] - expected) < 1e-12, "node \(v): \(ours[v]) vs \(expected)")
        }
        // Sampling every node is the exact value; fewer samples, an estimate near it.
        #expect(g.betweenness(samples: n) == ours)
        let estimate = g.betweenness(samples: 20, seed: 3)
        #expect(estimate.count == n && estimate.allSatisfy { $0 >= 0 })
    }

    @Test func clusteringAndPartitionsAndLargest() throws {
        let g = try GraphIO.read("demo:karate")
        let store = MetricStore(graph: g)
        let census = TriangleCensus(g, threads: 1)
        let clustering = try store.values(.clustering)
        for v in 0..<g.nodeCount where census.simpleDegree[v] > 1 {
            let d = Double(census.simpleDegree[v])
            #expect(abs(clustering[v] - 2 * Double(census.triangles[v]) / (d * (d - 1))) < 1e-15)
        }
        #expect(try select("clustering == 1", store) == (0..<g.nodeCount).filter { clustering[$0] == 1 })
        let communities = Communities.louvain(g, seed: 0).label
        #expect(try select("community == 0", store) == (0..<g.nodeCount).filter { communities[$0] == 0 })
        // Two components; the largest is the first one.
        var b = GraphBuilder(directed: false)
        for (u, v) in [("a", "b"), ("x", "y"), ("y", "z"), ("b", "c"), ("c", "d"), ("q", "q")] { b.link(u, v) }
        let two = MetricStore(graph: b.build())
        #expect(try select("component == largest", two).map { two.graph.nodeIDs[$0] } == ["a", "b", "x", "y", "z", "c", "d"].filter { ["a", "b", "c", "d"].contains($0) })
        #expect(try select("component != largest", two).map { two.graph.nodeIDs[$0] } == ["x", "y", "z", "q"])
    }

    @Test func directedDegreesAndClusteringError() throws {
        var b = GraphBuilder(directed: true)
        for (u, v) in [("a", "b"), ("a", "c"), ("c", "a"), ("b", "c")] { b.link(u, v) }
        let store = MetricStore(graph: b.build())
        #expect(try select("outdegree == 2", store) == [0])
        #expect(try select("indegree == 2", store) == [2])
        #expect(try select("degree == 3", store) == [0, 2])
        do {
            _ = try select("degree > 0 and clustering > 0", store)
            Issue.record("clustering of a directed graph")
        } catch {
            #expect(error.column == 16 && error.message.contains("undirected"))
        }
    }

    @Test func attributeComparisons() throws {
        let g = try attributed()
        let store = MetricStore(graph: g)
        let age = g.nodeAttributes.columns["age"]!.map { $0?.number }
        let club = g.nodeAttributes.columns["club"]!.map { $0!.text }
        #expect(try select("age >= 40", store) == (0..<g.nodeCount).filter { (age[$0] ?? -1) >= 40 })
        #expect(try select("age < 25.5", store) == (0..<g.nodeCount).filter { (age[$0] ?? 99) < 25.5 })
        // A node without the attribute matches neither == nor !=.
        #expect(try select("age != 22", store) == (1..<g.nodeCount).filter { age[$0] != 22 })
        #expect(try !select("age == 22 or age != 22", store).contains(0))
        #expect(try select("club == \"Officer\"", store) == (0..<g.nodeCount).filter { club[$0] == "Officer" })
        #expect(try select("club == Officer", store) == (try select("club == 'Officer'", store)))
        #expect(try select("club ~ \"HI\"", store) == (0..<g.nodeCount).filter { club[$0] == "Mr. Hi" })
        #expect(try select("club ~ /^Mr\\./", store) == (0..<g.nodeCount).filter { club[$0] == "Mr. Hi" })
        #expect(try select("club ~ /^mr/", store).isEmpty)
        #expect(try select("club ~ /^mr/i", store).count == (0..<g.nodeCount).filter { club[$0] == "Mr. Hi" }.count)
        #expect(try select("club > \"N\"", store) == (0..<g.nodeCount).filter { club[$0] > "N" })
        #expect(try select("id == 7 or id == \"12\"", store) == [g.node(withID: "7")!, g.node(withID: "12")!].sorted())
        #expect(try select("id ~ /^3/", store) == (0..<g.nodeCount).filter { g.nodeIDs[$0].hasPrefix("3") })
        do {
            _ = try select("degree > 1 and colour == red", store)
            Issue.record("unknown attribute accepted")
        } catch {
            #expect(error.column == 16 && error.message.contains("unknown name \"colour\"") && error.message.contains("club"))
        }
    }

    @Test func egoIsTheBallOfTheGivenRadius() throws {
        var b = GraphBuilder(directed: true)
        // A directed chain a→b→c→d→e with a branch x→c: ego ignores direction.
        for (u, v) in [("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("x", "c")] { b.link(u, v) }
        let g = b.build()
        let store = MetricStore(graph: g)
        func ids(_ text: String) throws -> Set<String> { Set(try select(text, store).map { g.nodeIDs[$0] }) }
        #expect(try ids("ego(c, 0)") == ["c"])
        #expect(try ids("ego(c, 1)") == ["b", "c", "d", "x"])
        #expect(try ids("ego(\"c\", 2)") == ["a", "b", "c", "d", "e", "x"])
        #expect(try ids("ego(a, 2) and not id == a") == ["b", "c"])
        do { _ = try select("degree > 0 or ego(nobody, 2)", store); Issue.record("missing node") } catch {
            #expect(error.column == 15 && error.message.contains("no node with id \"nobody\""))
        }
        // The ball against BFS distances on a bigger graph.
        let ba = try Generators.barabasiAlbert(nodes: 3000, m: 2, seed: 5)
        let s = MetricStore(graph: ba)
        let mask = try Filter(parsing: "ego(\(ba.nodeIDs[1500]), 2)").evaluate(in: s)
        var dist = [Int](repeating: -1, count: ba.nodeCount)
        dist[1500] = 0
        var queue = [1500], head = 0
        while head < queue.count {
            let u = queue[head]; head += 1
            for w in ba.undirectedNeighbours(u) where dist[w] < 0 { dist[w] = dist[u] + 1; queue.append(w) }
        }
        #expect(mask.contains == dist.map { $0 >= 0 && $0 <= 2 })
    }

    @Test func shortestPathsAreShortestAndConnected() throws {
        // Weighted: the direct edge a–d is heavier than a–b–c–d.
        var b = GraphBuilder(directed: false)
        for (u, v, w) in [("a", "b", 1.0), ("b", "c", 1.0), ("c", "d", 1.5), ("a", "d", 5.0), ("d", "e", 1.0)] {
            b.link(u, v, weight: w)
        }
        b.node("lonely")
        let g = b.build()
        let id = { (s: String) in g.node(withID: s)! }
        #expect(try g.shortestPath(from: id("a"), to: id("e"))!.map { g.nodeIDs[$0] } == ["a", "b", "c", "d", "e"])
        #expect(try g.shortestPath(from: id("a"), to: id("e"))!.count == 5)
        #expect(g.pathWeight(try g.shortestPath(from: id("a"), to: id("e"))!) == 4.5)
        #expect(try g.shortestPath(from: id("a"), to: id("e"), weighted: false)!.map { g.nodeIDs[$0] } == ["a", "d", "e"])
        #expect(try g.shortestPath(from: id("a"), to: id("lonely")) == nil)
        #expect(try g.shortestPath(from: id("c"), to: id("c")) == [id("c")])
        let store = MetricStore(graph: g)
        #expect(try select("path(a, e)", store).map { g.nodeIDs[$0] } == ["a", "b", "c", "d", "e"])
        #expect(try select("path(a, lonely)", store).isEmpty)
        // Directed: only along the arrows.
        var d = GraphBuilder(directed: true)
        for (u, v) in [("a", "b"), ("b", "c"), ("c", "a")] { d.link(u, v) }
        let dg = d.build()
        #expect(try dg.shortestPath(from: 0, to: 2)! == [0, 1, 2])
        #expect(try dg.shortestPath(from: 2, to: 1)! == [2, 0, 1])
        // Negative weights are refused.
        var neg = GraphBuilder(directed: false)
        neg.link("a", "b", weight: -1)
        #expect(throws: GraphError.self) { try neg.build().shortestPath(from: 0, to: 1) }
    }

    @Test func inducedSubgraphKeepsWhatItShould() throws {
        var b = GraphBuilder(directed: true)
        for (u, v, w) in [("a", "b", 2.0), ("b", "c", 3.0), ("c", "a", 4.0), ("c", "c", 1.0), ("c", "d", 5.0), ("d", "a", 6.0)] {
            b.link(u, v, weight: w)
        }
        let (nb, nc, nd) = (b.node("b"), b.node("c"), b.node("d"))
        b.setAttribute(node: nc, "colour", .string("red"))
        b.setEdgeAttribute(nb, nc, "kind", .string("x"))
        b.setEdgeAttribute(nc, nd, "kind", .string("y"))
        let g = b.build()
        let mask = NodeMask(contains: g.nodeIDs.map { $0 != "d" && $0 != "a" })
        let sub = g.induced(by: mask)
        #expect(sub.isDirected && sub.isWeighted)
        #expect(sub.nodeIDs == ["b", "c"])
        #expect(sub.edgeCount == 2 && sub.selfLoopCount == 1)
        #expect(sub.weight(0, 1) == 3 && sub.weight(1, 1) == 1 && sub.weight(1, 0) == nil)
        #expect(sub.inbound!.neighbours(1).map { $0 } == [0, 1])
        #expect(sub.nodeAttributes.value("colour", 1) == .string("red"))
        #expect(sub.edgeAttributes[EdgeKey(0, 1, directed: true)]?["kind"] == .string("x"))
        #expect(sub.edgeAttributes.count == 1)

        // Undirected, against counting edges with both ends selected.
        let ba = try Generators.barabasiAlbert(nodes: 500, m: 3, seed: 2)
        let store = MetricStore(graph: ba)
        let m = try Filter(parsing: "kcore >= 3 and degree <= 6").evaluate(in: store)
        let s = ba.induced(by: m)
        var expected = 0
        ba.forEachEdge { u, v, _ in if m.contains[u] && m.contains[v] { expected += 1 } }
        #expect(s.nodeCount == m.selectedCount && s.edgeCount == expected && s.edgeCount > 0)
        #expect(s.nodeIDs == m.nodes.map { ba.nodeIDs[$0] })
    }

    @Test func metricsAreComputedOnceAndOnlyWhenUsed() throws {
        let g = try GraphIO.read("demo:lesmis")
        let store = MetricStore(graph: g)
        let f = try Filter(parsing: "kcore <= 3 or ego(Valjean, 1)")
        #expect(f.metrics == [.kcore])
        _ = try f.evaluate(in: store)
        #expect(store.isComputed(.kcore))
        for m in NodeMetric.allCases where m != .kcore { #expect(!store.isComputed(m), "\(m)") }
        // Values are those of the whole graph whatever is selected.
        let sub = g.induced(by: try f.evaluate(in: store))
        #expect(sub.nodeCount < g.nodeCount)
        #expect(try store.values(.kcore) == g.coreNumbers().map(Double.init))
    }

    /// `kcore >= K` and `kcore > K` peel the K-core instead of computing every
    /// core number, and select the same nodes as the core numbers do.
    @Test func kcoreThresholdsPeelWithoutCoreNumbers() throws {
        let g = try Generators.erdosRenyi(nodes: 300, p: 0.04, seed: 5)
        let core = g.coreNumbers()
        for text in ["kcore >= 3", "kcore > 2.5", "kcore >= 2.5", "kcore > 4", "kcore >= 0", "kcore >= -1", "not kcore >= 4"] {
            let f = try Filter(parsing: text)
            #expect(f.metrics.isEmpty, "\(text)")
            let store = MetricStore(graph: g)
            let peeled = try f.evaluate(in: store).contains
            #expect(!store.isComputed(.kcore), "\(text)")
            _ = try store.values(.kcore)
            #expect(try f.evaluate(in: store).contains == peeled, "\(text)")
        }
        for k in 0...Int(core.max()!) + 1 { #expect(g.kCore(k) == core.map { Int($0) >= k }, "k \(k)") }
    }

    @Test func quantitiesForColourAndSize() throws {
        let g = try attributed()
        let store = MetricStore(graph: g)
        guard case .numbers(let age) = try store.quantity(named: "age") else { Issue.record("age"); return }
        #expect(age[0] == nil && age[2] == 22)
        guard case .labels(let club) = try store.quantity(named: "club") else { Issue.record("club"); return }
        #expect(club[3] == "Officer")
        guard case .labels = try store.quantity(named: "community") else { Issue.record("community"); return }
        guard case .numbers(let pr) = try store.quantity(named: "pagerank") else { Issue.record("pagerank"); return }
        #expect(abs(pr.compactMap { $0 }.reduce(0, +) - 1) < 1e-9)
        #expect(throws: GraphError.self) { try store.quantity(named: "colour") }
    }
}

extension GraphBuilder {
    /// Adds the edge u–v by id, adding the nodes if new.
    mutating func link(_ u: String, _ v: String, weight: Double? = nil) {
        let a = node(u), b = node(v)
        addEdge(a, b, weight: weight)
    }
}

extension FilterEvaluateTests {
    /// Directed core numbers (in + out degree, neighbours with multiplicity,
    /// self-loops ignored) against peeling by that definition.
    @Test func directedCoreNumbersMatchPeeling() throws {
        var g = try Generators.erdosRenyi(nodes: 150, p: 0.05, directed: true, seed: 9)
        var b = GraphBuilder(directed: true)
        for id in g.nodeIDs { b.node(id) }
        g.forEachEdge { u, v, _ in b.addEdge(Int32(u), Int32(v)) }
        b.addEdge(3, 3)
        g = b.build()
        let core = g.coreNumbers()
        for k in 0...Int(core.max()!) + 1 {
            var alive = [Bool](repeating: true, count: g.nodeCount)
            var changed = true
            while changed {
                changed = false
                for v in 0..<g.nodeCount where alive[v] {
                    let d = (g.out.neighbours(v) + g.inbound!.neighbours(v)).filter { Int($0) != v && alive[Int($0)] }.count
                    if d < k { alive[v] = false; changed = true }
                }
            }
            for v in 0..<g.nodeCount { #expect(alive[v] == (core[v] >= k), "node \(v), k \(k)") }
            #expect(g.kCore(k) == alive, "k \(k)")
        }
    }

    @Test func selectingEveryNodeGivesTheGraphItself() throws {
        let g = try GraphIO.read("demo:lesmis")
        let all = g.induced(by: NodeMask(count: g.nodeCount, all: true))
        #expect(all.nodeIDs == g.nodeIDs && all.edgeCount == g.edgeCount && all.out.targets == g.out.targets)
        let none = g.induced(by: NodeMask(count: g.nodeCount, all: false))
        #expect(none.nodeCount == 0 && none.edgeCount == 0)
    }
}
