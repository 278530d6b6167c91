@testable import GraphCore

/// The structural promises every `Graph` keeps, whatever file it came from.
/// Used by the fixture tests and the mutation tests.
enum GraphInvariants {
    /// What is wrong with `g`; empty when nothing is. `allowNaN`: the input
    /// spelled NaN somewhere, so NaN weights are not the reader's invention.
    static func violations(_ g: Graph, allowNaN: Bool = false) -> [String] {
        var problems: [String] = []
        let n = g.nodeCount
        problems += adjacency(g.out, n: n, name: "out", allowNaN: allowNaN)
        if g.isDirected {
            guard let inbound = g.inbound else { return problems + ["directed graph without inbound adjacency"] }
            problems += adjacency(inbound, n: n, name: "inbound", allowNaN: allowNaN)
            if inbound.targets.count != g.out.targets.count { problems.append("inbound has \(inbound.targets.count) entries, out \(g.out.targets.count)") }
            if g.edgeCount != g.out.targets.count { problems.append("edgeCount \(g.edgeCount) != \(g.out.targets.count) arcs") }
        } else if g.inbound != nil {
            problems.append("undirected graph with inbound adjacency")
        }
        if !problems.isEmpty { return problems }

        // Every arc u→v has its mirror: v→u in an undirected graph, u in v's inbound row otherwise.
        var edges = 0, loops = 0
        for u in 0..<n {
            for k in g.out.offsets[u]..<g.out.offsets[u + 1] {
                let v = Int(g.out.targets[k])
                let mirror = g.isDirected ? g.inbound!.find(v, u) : g.out.find(v, u)
                guard let m = mirror else { problems.append("arc \(u)→\(v) has no mirror"); continue }
                let w = g.out.weight(at: k)
                let mw = g.isDirected ? g.inbound!.weight(at: m) : g.out.weight(at: m)
                if !(w == mw || (w.isNaN && mw.isNaN)) { problems.append("arc \(u)→\(v) weight \(w) but mirror \(mw)") }
                if g.isDirected || v >= u { edges += 1; if v == u { loops += 1 } }
            }
        }
        if edges != g.edgeCount { problems.append("edgeCount \(g.edgeCount) but \(edges) edges counted") }
        if loops != g.selfLoopCount { problems.append("selfLoopCount \(g.selfLoopCount) but \(loops) loops counted") }

        if Set(g.nodeIDs).count != n { problems.append("node ids are not unique") }
        if g.nodeAttributes.count != n { problems.append("attribute table sized \(g.nodeAttributes.count) for \(n) nodes") }
        for key in g.nodeAttributes.keys where g.nodeAttributes.columns[key]?.count != n {
            problems.append("attribute column \(key) has the wrong length")
        }
        for key in g.edgeAttributes.keys {
            let s = Int(key.source), t = Int(key.target)
            if s < 0 || s >= n || t < 0 || t >= n { problems.append("edge attributes on (\(s), \(t)) out of range"); continue }
            if !g.isDirected && s > t { problems.append("undirected edge key (\(s), \(t)) not canonical") }
        }
        return problems
    }

    private static func adjacency(_ a: Adjacency, n: Int, name: String, allowNaN: Bool) -> [String] {
        guard a.offsets.count == n + 1 else { return ["\(name).offsets has \(a.offsets.count) entries for \(n) nodes"] }
        guard a.offsets.first == 0, a.offsets.last == a.targets.count else {
            return ["\(name).offsets do not span targets (\(a.offsets.first ?? -1)…\(a.offsets.last ?? -1) of \(a.targets.count))"]
        }
        if let w = a.weights, w.count != a.targets.count { return ["\(name).weights has \(w.count) entries for \(a.targets.count) targets"] }
        for u in 0..<n {
            guard a.offsets[u] <= a.offsets[u + 1] else { return ["\(name).offsets decrease at node \(u)"] }
            var last = -1
            for k in a.offsets[u]..<a.offsets[u + 1] {
                let v = Int(a.targets[k])
                guard v >= 0 && v < n else { return ["\(name) target \(v) of node \(u) out of range"] }
                guard v > last else { return ["\(name) row \(u) not strictly ascending"] }
                last = v
                if !allowNaN, let w = a.weights, w[k].isNaN { return ["\(name) weight of \(u)→\(v) is NaN"] }
            }
        }
        return []
    }
}
