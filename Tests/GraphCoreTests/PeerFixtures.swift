import Foundation
@testable import GraphCore

/// The JSON/Pajek/Matrix Market/edge-list fixtures written by
/// Tests/Fixtures/make_fixtures_b.py with NetworkX, igraph and SciPy, and the
/// graphs the peers say they hold (expected_b.jsonl).
enum PeerFixtures {
    static let directory: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // GraphCoreTests/PeerFixtures.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func read(_ name: String, directed: Bool? = nil) throws -> Graph {
        try GraphIO.read(path(name), options: ReadOptions(directed: directed))
    }

    /// Every file in Tests/Fixtures whose name says it is a graph format.
    static func graphFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { GraphFormat.fromExtension($0) != nil }.sorted()
    }

    struct Expectation: Sendable, CustomStringConvertible {
        let file: String
        let readDirected: Bool?
        let directed: Bool
        let weighted: Bool
        let nodes: [String]
        let edges: [(String, String, Double)]
        var description: String { file + (readDirected == true ? " --directed" : "") }
    }

    static let expectations: [Expectation] = {
        guard let text = try? String(contentsOfFile: path("expected_b.jsonl"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            let edges = (o["edges"] as? [[Any]] ?? []).map { e in
                (e[0] as? String ?? "", e[1] as? String ?? "", (e[2] as? NSNumber)?.doubleValue ?? .nan)
            }
            return Expectation(file: o["file"] as? String ?? "", readDirected: o["readDirected"] as? Bool,
                               directed: o["directed"] as? Bool ?? false, weighted: o["weighted"] as? Bool ?? false,
                               nodes: o["nodes"] as? [String] ?? [], edges: edges)
        }
    }()
}

extension Graph {
    /// Edges keyed by their endpoints' ids (undirected: the smaller id first).
    var edgesByID: [EdgeIDs: Double] {
        var result: [EdgeIDs: Double] = [:]
        forEachEdge { u, v, w in result[EdgeIDs(nodeIDs[u], nodeIDs[v], directed: isDirected)] = w }
        return result
    }
}

struct EdgeIDs: Hashable, CustomStringConvertible {
    let a: String, b: String
    init(_ a: String, _ b: String, directed: Bool) {
        if directed || a <= b { self.a = a; self.b = b } else { self.a = b; self.b = a }
    }
    var description: String { "\(a)→\(b)" }
}
