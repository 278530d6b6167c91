import GraphCore

/// Files in Tests/Fixtures, written by the real peers (see make_fixtures.py).
enum Fixtures {
    static let directory: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(2)  // GraphCoreTests/Fixtures.swift
        return parts.joined(separator: "/") + "/Fixtures"
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    static func read(_ name: String, options: ReadOptions = ReadOptions()) throws -> Graph {
        try GraphIO.read(path(name), options: options)
    }
}

extension Graph {
    /// Edges as (label, label, weight), order-free: compares graphs whose node
    /// ids differ between writers (igraph writes n0, n1, … and keeps names as data).
    var labelledEdges: Set<LabelledEdge> {
        var out = Set<LabelledEdge>()
        forEachEdge { u, v, w in
            var a = label(of: u), b = label(of: v)
            if !isDirected && b < a { swap(&a, &b) }
            out.insert(LabelledEdge(source: a, target: b, weight: w))
        }
        return out
    }

    /// The node whose label is `label`.
    func node(labelled label: String) -> Int? {
        (0..<nodeCount).first { self.label(of: $0) == label }
    }
}

struct LabelledEdge: Hashable, CustomStringConvertible {
    let source: String
    let target: String
    let weight: Double
    var description: String { "\(source)-\(target):\(weight)" }
}

/// Parses text as `format`, the way the CLI reads a file.
func parse(_ text: String, _ format: GraphFormat, source: String = "t") throws -> Graph {
    try GraphIO.read(bytes: Array(text.utf8), source: source, options: ReadOptions(format: format))
}

/// The error reading `text` throws, or nil.
func parseError(_ text: String, _ format: GraphFormat) -> GraphError? {
    do { _ = try parse(text, format); return nil } catch let e as GraphError { return e } catch { return nil }
}
