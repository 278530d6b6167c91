import Foundation
import GraphCore
@testable import Layout

/// Graphs and helpers shared by the layout tests.
enum TestGraphs {
    static func edgeList(_ text: String, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(bytes: Array(text.utf8), source: "t", options: ReadOptions(format: .edgelist, directed: directed))
    }

    static func grid(_ w: Int, _ h: Int) throws -> Graph {
        var s = ""
        for r in 0..<h {
            for c in 0..<w {
                let u = r * w + c
                if c + 1 < w { s += "\(u) \(u + 1)\n" }
                if r + 1 < h { s += "\(u) \(u + w)\n" }
            }
        }
        return try edgeList(s)
    }

    static func ring(_ n: Int) throws -> Graph {
        try edgeList((0..<n).map { "\($0) \(($0 + 1) % n)" }.joined(separator: "\n"))
    }

    /// Two cliques of `k` joined by one edge.
    static func twoCliques(_ k: Int) throws -> Graph {
        var s = ""
        for base in [0, k] {
            for a in 0..<k { for b in (a + 1)..<k { s += "\(base + a) \(base + b)\n" } }
        }
        s += "0 \(k)\n"
        return try edgeList(s)
    }

    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/layout/\(name)").path
    }

    static func karate() throws -> Graph { try GraphIO.read(fixture("karate.edgelist")) }

    static func distance(_ p: LayoutPositions, _ a: Int, _ b: Int) -> Double {
        var s = 0.0
        for k in 0..<p.dimension { let d = p[a, k] - p[b, k]; s += d * d }
        return s.squareRoot()
    }

    /// Standard deviation of one axis.
    static func spread(_ p: LayoutPositions, axis: Int) -> Double {
        let n = Double(p.count)
        var m = 0.0
        for i in 0..<p.count { m += p[i, axis] }
        m /= n
        var v = 0.0
        for i in 0..<p.count { v += (p[i, axis] - m) * (p[i, axis] - m) }
        return (v / n).squareRoot()
    }
}
