import GraphCore

/// Reads node positions from CSV text: a header naming `id`, `x`, `y` and
/// optionally `z` (any order, other columns ignored), then one row per node.
/// Every node of the graph must appear exactly once; errors name
/// FILE:LINE:COL and the ids that are missing or unknown.
public enum PositionsFile {
    /// Positions as x,y[,z] per node in the graph's node order.
    public static func read(_ text: String, file: String, graph: Graph, dimension: Int) throws -> [Float] {
        let d = dimension == 3 ? 3 : 2
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? $0.dropLast() : $0
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " }) { lines.removeLast() }
        guard let header = lines.first else { throw RenderError(file: file, "empty: expected a header \"id,x,y\"") }
        let names = fields(header).map { $0.text.trimmingSpaces.lowercased() }
        func column(_ name: String, required: Bool) throws -> Int? {
            if let i = names.firstIndex(of: name) { return i }
            if required {
                throw RenderError(file: "\(file):1:1", "the header has no \"\(name)\" column (expected id,x,y\(d == 3 ? ",z" : ""))")
            }
            return nil
        }
        let idCol = try column("id", required: true)!
        let axes = try (["x", "y", "z"].prefix(d)).map { try column($0, required: true)! }

        var index: [String: Int] = [:]
        index.reserveCapacity(graph.nodeCount)
        for (i, id) in graph.nodeIDs.enumerated() { index[id] = i }
        var out = [Float](repeating: .nan, count: graph.nodeCount * d)
        var seenLine = [Int](repeating: 0, count: graph.nodeCount)
        for (k, line) in lines.enumerated().dropFirst() where !line.allSatisfy({ $0 == " " }) {
            let lineNo = k + 1
            let f = fields(line)
            let need = max(idCol, axes.max()!) + 1
            guard f.count >= need else {
                throw RenderError(file: "\(file):\(lineNo):1", "expected \(need) columns, found \(f.count)")
            }
            let id = f[idCol].text
            guard let node = index[id] ?? index[id.trimmingSpaces] else {
                throw RenderError(file: "\(file):\(lineNo):\(f[idCol].column)", "unknown node id \"\(id)\" (not in the graph)")
            }
            guard seenLine[node] == 0 else {
                throw RenderError(file: "\(file):\(lineNo):\(f[idCol].column)",
                                  "node \"\(id)\" given twice (first on line \(seenLine[node]))")
            }
            seenLine[node] = lineNo
            for (a, col) in axes.enumerated() {
                guard let v = Float(f[col].text.trimmingSpaces), v.isFinite else {
                    throw RenderError(file: "\(file):\(lineNo):\(f[col].column)",
                                      "expected a number for \(["x", "y", "z"][a]), found \"\(f[col].text)\"")
                }
                out[node * d + a] = v
            }
        }
        let missing = (0..<graph.nodeCount).filter { seenLine[$0] == 0 }
        if !missing.isEmpty {
            let shown = missing.prefix(5).map { "\"\(graph.nodeIDs[$0])\"" }.joined(separator: ", ")
            throw RenderError(file: file, "no position for \(missing.count) node\(missing.count == 1 ? "" : "s"): \(shown)\(missing.count > 5 ? ", …" : "")")
        }
        return out
    }

    /// Comma-separated fields with 1-based start columns; double quotes group.
    static func fields(_ line: Substring) -> [(text: String, column: Int)] {
        var out: [(String, Int)] = []
        var cur = ""
        var start = 1, col = 1
        var quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" { quoted = false } else { cur.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append((cur, start))
                cur = ""
                start = col + 1
            } else {
                cur.append(c)
            }
            col += 1
        }
        out.append((cur, start))
        return out
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
