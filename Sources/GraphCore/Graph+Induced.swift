/// The induced subgraph: what a filter's selection becomes.
extension Graph {
    /// The subgraph on the nodes `mask` selects, with every edge between two
    /// of them (`G.subgraph(nodes)` in NetworkX). Node i of the result is the
    /// i-th selected node in node order (`mask.nodes[i]`); ids, node and edge
    /// attributes, weights, direction and graph attributes are kept.
    public func induced(by mask: NodeMask) -> Graph {
        precondition(mask.contains.count == nodeCount, "mask of \(mask.contains.count) nodes for a graph of \(nodeCount)")
        let n = nodeCount
        // Every node selected: the subgraph is the graph (nothing to copy).
        if mask.selectedCount == n { return self }
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
        let directed = isDirected
        outRows.offsets.withUnsafeBufferPointer { o in
            outRows.targets.withUnsafeBufferPointer { t in
                for i in 0..<kept.count {
                    for k in o[i]..<o[i + 1] {
                        let v = Int(t[k])
                        if v == i { loops += 1 }
                        if directed || v >= i { edges += 1 }
                    }
                }
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
        // One counting pass (row lengths), then the rows written in place.
        newIndex.withUnsafeBufferPointer { ni in
            a.offsets.withUnsafeBufferPointer { ao in
                a.targets.withUnsafeBufferPointer { t in
                    offsets.withUnsafeMutableBufferPointer { o in
                        for (i, u) in kept.enumerated() {
                            var c = 0
                            for k in ao[u]..<ao[u + 1] where ni[Int(t[k])] >= 0 { c += 1 }
                            o[i + 1] = o[i] + c
                        }
                    }
                }
            }
        }
        let total = offsets[kept.count]
        let weighted = a.weights != nil
        var weights: [Double] = []
        let targets = [Int32](unsafeUninitializedCapacity: total) { tb, placed in
            weights = [Double](unsafeUninitializedCapacity: weighted ? total : 0) { wb, wPlaced in
                newIndex.withUnsafeBufferPointer { ni in
                    a.offsets.withUnsafeBufferPointer { ao in
                        a.targets.withUnsafeBufferPointer { t in
                            var at = 0
                            for u in kept {
                                for k in ao[u]..<ao[u + 1] {
                                    let v = ni[Int(t[k])]
                                    if v >= 0 {
                                        tb.initializeElement(at: at, to: v)
                                        if weighted { wb.initializeElement(at: at, to: a.weights![k]) }
                                        at += 1
                                    }
                                }
                            }
                        }
                    }
                }
                wPlaced = weighted ? total : 0
            }
            placed = total
        }
        return Adjacency(offsets: offsets, targets: targets, weights: weighted ? weights : nil)
    }
}

extension Graph {
    /// Nodes by decreasing degree, ties by increasing index (what labels
    /// and the top-degree cycle go by): a counting sort, since degrees are
    /// small integers — linear in the nodes, where a comparison sort of a
    /// million nodes took a good part of the time to show a filtered view.
    public func nodesByDecreasingDegree() -> [Int] {
        let n = nodeCount
        var degrees = [Int](repeating: 0, count: n)
        var top = 0
        for v in 0..<n {
            let d = degree(v)
            degrees[v] = d
            top = max(top, d)
        }
        // Bucket b holds degree top − b; start[b] is where it begins.
        var start = [Int](repeating: 0, count: top + 2)
        for d in degrees { start[top - d + 1] += 1 }
        for b in 0...top { start[b + 1] += start[b] }
        var order = [Int](repeating: 0, count: n)
        for v in 0..<n {
            let b = top - degrees[v]
            order[start[b]] = v
            start[b] += 1
        }
        return order
    }
}
