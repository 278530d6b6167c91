import GraphCore

/// `--nodes FILE [--add-missing]`: the join and what it tells the person.
enum NodeTableJoin {
    static func join(_ path: String?, addMissing: Bool, into graph: Graph) throws -> Graph {
        guard let path else {
            noteOnPartialPositions(graph)
            return graph
        }
        let table = try NodeTable.read(path)
        let (joined, unmatched) = graph.joining(table, addMissing: addMissing)
        if unmatched > 0 {
            printError(addMissing
                ? "tangle: note: \(path): \(unmatched) node id\(unmatched == 1 ? "" : "s") not in the graph, added as isolated nodes"
                : "tangle: note: \(path): \(unmatched) node id\(unmatched == 1 ? "" : "s") not in the graph (--add-missing adds them as isolated nodes)")
        }
        noteOnPartialPositions(joined)
        return joined
    }

    /// Positions for some nodes only are not used as a layout: say so.
    static func noteOnPartialPositions(_ graph: Graph) {
        if let (source, count) = FileVisuals.partialPositions(of: graph) {
            printError("tangle: note: \(source) give positions for \(count) of \(graph.nodeCount) nodes; they are not used as the starting layout")
        }
    }
}
