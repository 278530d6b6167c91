extension GraphStatistics {
    /// One JSON object: the keys nx_stats.py prints (same names, same
    /// meaning), then `weighted`, `communities` {count, modularity},
    /// `top_degree`, `top_pagerank` (node ids), `diameter`,
    /// `diameter_estimated` and `degree_histogram`. Undefined values are
    /// null; doubles are printed with the shortest digits that round-trip.
    public func jsonString() -> String {
        var lines: [String] = []
        func add(_ key: String, _ value: String) { lines.append("  \"\(key)\": \(value)") }
        add("nodes", "\(nodes)")
        add("edges", "\(edges)")
        add("directed", "\(directed)")
        add("density", Self.json(density))
        add("components", "\(components)")
        add("largest_component", "\(largestComponent)")
        add("self_loops", "\(selfLoops)")
        add("degree", "{\"min\": \(degree.min), \"max\": \(degree.max), \"mean\": \(Self.json(degree.mean))}")
        add("average_clustering", Self.json(averageClustering))
        add("transitivity", Self.json(transitivity))
        add("assortativity", Self.json(assortativity))
        add("weighted", "\(weighted)")
        if let communities {
            add("communities", "{\"count\": \(communities.count), \"modularity\": \(Self.json(communities.modularity))}")
        } else {
            add("communities", "null")
        }
        add("top_degree", "[" + topDegree.map { Self.json(nodeIDs[$0]) }.joined(separator: ", ") + "]")
        add("top_pagerank", "[" + topPageRank.map { Self.json(nodeIDs[$0]) }.joined(separator: ", ") + "]")
        add("diameter", diameter.map { "\($0)" } ?? "null")
        add("diameter_estimated", "\(diameterEstimated)")
        add("degree_histogram", "[" + degreeHistogram.map { "\($0)" }.joined(separator: ", ") + "]")
        return "{\n" + lines.joined(separator: ",\n") + "\n}"
    }

    /// An aligned two-column table for people reading a terminal.
    public func table() -> String {
        var rows: [(String, String)] = []
        rows.append(("nodes", Self.grouped(nodes)))
        rows.append(("edges", Self.grouped(edges) + (weighted ? " (weighted)" : "")))
        rows.append(("directed", directed ? "yes" : "no"))
        rows.append(("density", Self.decimal(density)))
        rows.append(("components", Self.grouped(components) + (directed ? " weak" : "")
                     + ", largest \(Self.grouped(largestComponent)) nodes"))
        rows.append(("self-loops", Self.grouped(selfLoops)))
        rows.append(("degree", "min \(Self.grouped(degree.min))  mean \(Self.decimal(degree.mean))  max \(Self.grouped(degree.max))"))
        let undirectedOnly = directed ? "— (undirected graphs only)" : "—"
        rows.append(("average clustering", averageClustering.map(Self.decimal) ?? undirectedOnly))
        rows.append(("transitivity", transitivity.map(Self.decimal) ?? undirectedOnly))
        rows.append(("assortativity", assortativity.map(Self.decimal) ?? (directed ? undirectedOnly : "— (undefined)")))
        if let communities {
            rows.append(("communities", Self.grouped(communities.count) + ", modularity "
                         + (communities.modularity.map(Self.decimal) ?? "—")))
        }
        if let diameter {
            rows.append(("diameter", "\(diameter)" + (diameterEstimated ? " (estimate: a lower bound)" : "")))
        }
        if !topDegree.isEmpty {
            rows.append(("top degree", zip(topDegree, topDegreeCounts).map { "\(Self.short(nodeIDs[$0])) (\($1))" }.joined(separator: ", ")))
        }
        if !topPageRank.isEmpty {
            rows.append(("top PageRank", zip(topPageRank, topPageRankScores)
                .map { "\(Self.short(nodeIDs[$0])) (\(Self.decimal($1)))" }.joined(separator: ", ")))
        }
        let shown = degreeHistogram.indices.filter { degreeHistogram[$0] > 0 }
        if !shown.isEmpty {
            let parts = shown.prefix(12).map { "\($0):\(Self.grouped(degreeHistogram[$0]))" }
            rows.append(("degree histogram", parts.joined(separator: " ") + (shown.count > 12 ? " …" : "")))
        }
        let width = rows.map { $0.0.count }.max() ?? 0
        return rows.map { $0.0 + String(repeating: " ", count: width - $0.0.count + 2) + $0.1 }.joined(separator: "\n")
    }
}
