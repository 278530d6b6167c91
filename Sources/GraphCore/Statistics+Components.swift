extension Graph {
    /// Connected components (weakly connected for directed graphs).
    ///
    /// `label[node]` is the component of each node; components are numbered
    /// in order of their lowest node, as NetworkX's `connected_components`
    /// yields them, and `sizes[c]` is the node count of component `c`.
    public func components() -> (label: [Int32], sizes: [Int]) {
        let n = nodeCount
        var label = [Int32](repeating: -1, count: n)
        var sizes: [Int] = []
        var queue = [Int32](repeating: 0, count: n)
        label.withUnsafeMutableBufferPointer { lab in
            queue.withUnsafeMutableBufferPointer { q in
                for root in 0..<n where lab[root] < 0 {
                    let c = Int32(sizes.count)
                    lab[root] = c
                    q[0] = Int32(root)
                    var head = 0, tail = 1
                    while head < tail {
                        let u = Int(q[head]); head += 1
                        Self.visitNeighbours(out, u, c, lab, q, &tail)
                        if let inbound { Self.visitNeighbours(inbound, u, c, lab, q, &tail) }
                    }
                    sizes.append(tail)
                }
            }
        }
        return (label, sizes)
    }

    @inline(__always)
    private static func visitNeighbours(_ a: Adjacency, _ u: Int, _ c: Int32,
                                        _ lab: UnsafeMutableBufferPointer<Int32>,
                                        _ q: UnsafeMutableBufferPointer<Int32>, _ tail: inout Int) {
        a.targets.withUnsafeBufferPointer { t in
            for k in a.offsets[u]..<a.offsets[u + 1] {
                let v = Int(t[k])
                if lab[v] < 0 { lab[v] = c; q[tail] = Int32(v); tail += 1 }
            }
        }
    }
}
