/// The induced subgraph: what a filter's selection becomes.
extension Graph {
    /// The subgraph on the nodes `mask` selects, with every edge between two
    /// of them (`G.subgraph(nodes)` in NetworkX). Node i of the result is the
    /// i-th selected node in node order (`mask.nodes[i]`); ids, node and edge
    /// attributes, weights, direction and graph attributes are kept.
    public func induced(by mask: NodeMask) -> Graph {
        precondition(mask.contains.count == nodeCount, "mask of \(mask.contains.count) nodes for a graph of \(nodeCount)")
        let n = nodeCount
        var newIndex = [Int32](repeating: -1, count: n)
        var kept: [Int] = []
        kept.reserveCapacity(n)
        mask.contains.withUnsafeBufferPointer { m in
            newIndex.withUnsafeMutableBufferPointer { ni in
                for v in 0..<n where m[v] {
                    ni[v] = Int32(kept.count)
                    kept.append(v)
                }
            }
        }
        let outRows = Self.inducedRows(out, kept, newIndex)
        let inRows = inbound.map { Self.inducedRows($0, kept, newIndex) }
        var edges = 0, loops = 0
        for (i, _) in kept.enumerated() {
            let row = outRows.targets[outRows.offsets[i]..<outRows.offsets[i + 1]]
            for v in row {
                if Int(v) == i { loops += 1 }
                if isDirected || Int(v) >= i { edges += 1 }
            }
        }
        var edgeAttributes: [EdgeKey: [String: AttributeValue]] = [:]
        for (key, value) in self.edgeAttributes {
            let a = newIndex[Int(key.source)], b = newIndex[Int(key.target)]
            if a >= 0 && b >= 0 { edgeAttributes[EdgeKey(a, b, directed: isDirected)] = value }
        }
        return Graph(isDirected: isDirected, nodeIDs: kept.map { nodeIDs[$0] }, out: outRows, inbound: inRows,
                     edgeCount: edges, selfLoopCount: loops, nodeAttributes: nodeAttributes.selecting(kept),
                     edgeAttributes: edgeAttributes, edgeAttributeKeys: edgeAttributes.isEmpty ? [] : edgeAttributeKeys,
                     graphAttributes: graphAttributes)
    }

    /// Rows of the kept nodes with only kept neighbours, renumbered. Rows stay
    /// sorted because renumbering keeps node order.
    private static func inducedRows(_ a: Adjacency, _ kept: [Int], _ newIndex: [Int32]) -> Adjacency {
        var offsets = [Int](repeating: 0, count: kept.count + 1)
        var targets: [Int32] = []
        var weights: [Double]? = a.weights == nil ? nil : []
        // One counting pass so the arrays are allocated once.
        var total = 0
        newIndex.withUnsafeBufferPointer { ni in
            a.targets.withUnsafeBufferPointer { t in
                for u in kept {
                    for k in a.offsets[u]..<a.offsets[u + 1] where ni[Int(t[k])] >= 0 { total += 1 }
                }
            }
        }
        targets.reserveCapacity(total)
        weights?.reserveCapacity(total)
        newIndex.withUnsafeBufferPointer { ni in
            a.targets.withUnsafeBufferPointer { t in
                for (i, u) in kept.enumerated() {
                    for k in a.offsets[u]..<a.offsets[u + 1] {
                        let v = ni[Int(t[k])]
                        if v >= 0 {
                            targets.append(v)
                            if let w = a.weights { weights!.append(w[k]) }
                        }
                    }
                    offsets[i + 1] = targets.count
                }
            }
        }
        return Adjacency(offsets: offsets, targets: targets, weights: weights)
    }
}
