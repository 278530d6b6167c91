import Foundation
import GraphCore

/// Reads and writes node positions as CSV: a header naming `id`, `x`, `y`
/// and optionally `z` (in any order; other columns are ignored), then one
/// row per node, ids as the graph file spells them.
public enum PositionsFile {
    /// Positions for every node of `graph`, from the file at `path`.
    /// Throws a GraphError naming FILE:LINE:COL for a bad row or an unknown
    /// or repeated id, and naming the missing ids when some nodes have no row.
    public static func read(_ path: String, graph: Graph) throws -> LayoutPositions {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw GraphError(source: path, "cannot read the positions file")
        }
        return try read(text: TextInput(bytes: [UInt8](data), source: path), graph: graph)
    }

    /// The same from text already in memory.
    public static func read(text input: TextInput, graph: Graph) throws -> LayoutPositions {
        let rows = try DelimitedRows.parse(input, separator: UInt8(ascii: ","))
        guard let header = rows.first else { throw GraphError(source: input.source, "empty positions file, expected a header id,x,y[,z]") }
        func column(_ name: String) -> Int? { header.fields.firstIndex { $0.lowercased() == name } }
        guard let idCol = column("id"), let xCol = column("x"), let yCol = column("y") else {
            throw input.error(at: header.offset, "expected a header naming id, x, y (and optionally z), found \(header.fields.joined(separator: ","))")
        }
        let zCol = column("z")
        let dim = zCol == nil ? 2 : 3
        var index: [String: Int] = [:]
        index.reserveCapacity(graph.nodeCount)
        for (i, id) in graph.nodeIDs.enumerated() { index[id] = i }
        var result = LayoutPositions(count: graph.nodeCount, dimension: dim)
        var seen = [Bool](repeating: false, count: graph.nodeCount)
        let needed = max(idCol, xCol, yCol, zCol ?? 0) + 1
        for row in rows.dropFirst() {
            guard row.fields.count >= needed else {
                throw input.error(at: row.offset, "expected \(needed) columns, found \(row.fields.count)")
            }
            let id = row.fields[idCol], idOffset = row.offsets[idCol]
            guard let node = index[id] else {
                throw input.error(at: idOffset, "unknown node id \"\(id)\" (not in \(graph.nodeCount > 0 ? "the graph" : "the empty graph"))")
            }
            guard !seen[node] else { throw input.error(at: idOffset, "node id \"\(id)\" appears twice") }
            seen[node] = true
            for (axis, col) in [xCol, yCol, zCol].compactMap({ $0 }).enumerated() {
                let f = row.fields[col]
                guard let v = Double(f.trimmingCharacters(in: .whitespaces)), v.isFinite else {
                    throw input.error(at: row.offsets[col], "expected a finite number, found \"\(f)\"")
                }
                result[node, axis] = v
            }
        }
        let missing = seen.indices.filter { !seen[$0] }
        if !missing.isEmpty {
            let shown = missing.prefix(5).map { "\"\(graph.nodeIDs[$0])\"" }.joined(separator: ", ")
            throw GraphError(source: input.source, "no position for \(missing.count) node id\(missing.count == 1 ? "" : "s"): \(shown)\(missing.count > 5 ? ", …" : "")")
        }
        return result
    }

    /// CSV text `id,x,y[,z]` for every node, in node order.
    public static func csv(_ p: LayoutPositions, graph: Graph) -> String {
        var out = p.dimension == 3 ? "id,x,y,z\n" : "id,x,y\n"
        out.reserveCapacity(p.count * 40)
        for i in 0..<min(p.count, graph.nodeCount) {
            out += DelimitedRows.quoted(graph.nodeIDs[i])
            for a in 0..<p.dimension { out += ","; out += format(p[i, a]) }
            out += "\n"
        }
        return out
    }

    /// Writes `csv(p, graph:)` to `path` (in place: `-o /dev/null` stays a device).
    public static func write(_ p: LayoutPositions, graph: Graph, to path: String) throws {
        do {
            try OutputFile.write(Array(csv(p, graph: graph).utf8), to: path)
        } catch {
            throw GraphError(source: path, "cannot write positions: \(error.localizedDescription)")
        }
    }

    /// Writes the CSV into a file just created for it (``GraphCore/NewFile``:
    /// never an existing file, never through a link), then closes it.
    public static func write(_ p: LayoutPositions, graph: Graph, to file: NewFile) throws {
        defer { file.close() }
        do {
            try file.write(Array(csv(p, graph: graph).utf8))
        } catch {
            throw GraphError(source: file.path, "cannot write positions: \(error)")
        }
    }

    /// Nine significant digits: every Float, and positions a file gave to
    /// float precision, read back unchanged (`--iterations 0`).
    private static func format(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        return String(format: "%.9g", v)
    }
}
