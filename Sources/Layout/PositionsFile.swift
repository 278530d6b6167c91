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
        var columns: (id: Int, axes: [Int])?
        var index: NodeIDIndex?
        var result = LayoutPositions(count: 0, dimension: 2)
        var seen: [Bool] = []
        try DelimitedRows.forEachRow(input, separator: UInt8(ascii: ",")) { row in
            guard let (idCol, axes) = columns else {
                // The first line names the columns.
                let names = (0..<row.count).map { row.text($0).lowercased() }
                guard let idCol = names.firstIndex(of: "id"), let x = names.firstIndex(of: "x"),
                      let y = names.firstIndex(of: "y") else {
                    throw input.error(at: row.offset, "expected a header naming id, x, y (and optionally z), found \((0..<row.count).map { row.text($0) }.joined(separator: ","))")
                }
                let axes = [x, y] + (names.firstIndex(of: "z").map { [$0] } ?? [])
                columns = (idCol, axes)
                index = NodeIDIndex(graph)
                result = LayoutPositions(count: graph.nodeCount, dimension: axes.count)
                seen = [Bool](repeating: false, count: graph.nodeCount)
                return
            }
            let needed = max(idCol, axes.max()!) + 1
            guard row.count >= needed else {
                throw input.error(at: row.offset, "expected \(needed) columns, found \(row.count)")
            }
            guard let node = row.withBytes(idCol, { index!.node($0) }) else {
                throw input.error(at: row.start(idCol), "unknown node id \"\(row.text(idCol))\" (not in \(graph.nodeCount > 0 ? "the graph" : "the empty graph"))")
            }
            guard !seen[node] else { throw input.error(at: row.start(idCol), "node id \"\(row.text(idCol))\" appears twice") }
            seen[node] = true
            for (axis, col) in axes.enumerated() {
                guard let v = row.double(col), v.isFinite else {
                    throw input.error(at: row.start(col), "expected a finite number, found \"\(row.text(col))\"")
                }
                result[node, axis] = v
            }
        }
        guard columns != nil else { throw GraphError(source: input.source, "empty positions file, expected a header id,x,y[,z]") }
        let missing = seen.indices.filter { !seen[$0] }
        if !missing.isEmpty {
            let shown = missing.prefix(5).map { "\"\(graph.nodeIDs[$0])\"" }.joined(separator: ", ")
            throw GraphError(source: input.source, "no position for \(missing.count) node id\(missing.count == 1 ? "" : "s"): \(shown)\(missing.count > 5 ? ", …" : "")")
        }
        return result
    }

    /// CSV text `id,x,y[,z]` for every node, in node order.
    public static func csv(_ p: LayoutPositions, graph: Graph) -> String {
        String(decoding: csvBytes(p, graph: graph), as: UTF8.self)
    }

    /// The same as bytes (a million rows in about a tenth of a second).
    public static func csvBytes(_ p: LayoutPositions, graph: Graph) -> [UInt8] {
        var out: [UInt8] = Array((p.dimension == 3 ? "id,x,y,z\n" : "id,x,y\n").utf8)
        out.reserveCapacity(p.count * 40)
        for i in 0..<min(p.count, graph.nodeCount) {
            out += DelimitedRows.quoted(graph.nodeIDs[i]).utf8  // the id itself unless it needs quotes
            for a in 0..<p.dimension {
                out.append(UInt8(ascii: ","))
                let v = p[i, a]
                guard v.isFinite else { out.append(UInt8(ascii: "0")); continue }
                // Nine significant digits: every Float, and positions a file gave
                // to float precision, read back unchanged (`--iterations 0`).
                NineDigits.append(v, to: &out)
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes `csv(p, graph:)` to `path` (in place: `-o /dev/null` stays a device).
    public static func write(_ p: LayoutPositions, graph: Graph, to path: String) throws {
        do {
            try OutputFile.write(csvBytes(p, graph: graph), to: path)
        } catch {
            throw GraphError(source: path, "cannot write positions: \(error.localizedDescription)")
        }
    }

    /// Writes the CSV into a file just created for it (``GraphCore/NewFile``:
    /// never an existing file, never through a link), then closes it.
    public static func write(_ p: LayoutPositions, graph: Graph, to file: NewFile) throws {
        defer { file.close() }
        do {
            try file.write(csvBytes(p, graph: graph))
        } catch {
            throw GraphError(source: file.path, "cannot write positions: \(error)")
        }
    }
}
