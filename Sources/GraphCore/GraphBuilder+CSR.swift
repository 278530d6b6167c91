/// Turning edge records into CSR rows: counting passes, no global sort.
extension GraphBuilder {
    /// Rows of every record (both ways when `symmetric`), each row sorted with
    /// parallel edges merged (weights add). Record blocks are released as
    /// they are placed, so the records and the rows are not both whole for long.
    static func compress(n: Int, records: inout EdgeRecords, symmetric: Bool) -> Adjacency {
        // Pass 1: row lengths, then their prefix sums.
        var offsets = [Int](repeating: 0, count: n + 1)
        offsets.withUnsafeMutableBufferPointer { o in
            for block in records.blocks {
                for r in block {
                    let u = EdgeRecords.source(r), v = EdgeRecords.target(r)
                    o[u + 1] += 1
                    if symmetric && u != v { o[v + 1] += 1 }
                }
            }
            for i in 0..<n { o[i + 1] += o[i] }
        }
        let total = offsets[n]
        let weighted = records.isWeighted

        // Pass 2: place each record in its row(s), `offsets[u]` moving from
        // the start of row u to its end (the start of row u + 1).
        var w: [Double] = []
        var t = [Int32](unsafeUninitializedCapacity: total) { tb, placed in
            w = [Double](unsafeUninitializedCapacity: weighted ? total : 0) { wb, wPlaced in
                offsets.withUnsafeMutableBufferPointer { f in
                    for k in 0..<records.blocks.count {
                        let block = records.blocks[k]
                        let weights = weighted ? records.weightBlocks![k] : []
                        for (i, r) in block.enumerated() {
                            let u = EdgeRecords.source(r), v = EdgeRecords.target(r)
                            tb.initializeElement(at: f[u], to: Int32(truncatingIfNeeded: v))
                            if weighted { wb.initializeElement(at: f[u], to: weights[i]) }
                            f[u] += 1
                            if symmetric && u != v {
                                tb.initializeElement(at: f[v], to: Int32(truncatingIfNeeded: u))
                                if weighted { wb.initializeElement(at: f[v], to: weights[i]) }
                                f[v] += 1
                            }
                        }
                        records.release(k)
                    }
                }
                wPlaced = weighted ? total : 0
            }
            placed = total
        }

        // Pass 3: sort each row, merge duplicates, compact towards the front;
        // `offsets[u]` (row u's end until now) becomes its new start.
        var write = 0
        var lo = 0
        t.withUnsafeMutableBufferPointer { tb in
            offsets.withUnsafeMutableBufferPointer { o in
                if !weighted {
                    for u in 0..<n {
                        let hi = o[u]
                        o[u] = write
                        let row = UnsafeMutableBufferPointer(rebasing: tb[lo..<hi])
                        sortRow(row)
                        var last: Int32 = -1
                        for x in row where x != last { tb[write] = x; write += 1; last = x }
                        lo = hi
                    }
                } else {
                    w.withUnsafeMutableBufferPointer { wb in
                        var pairs: [(Int32, Double)] = []
                        for u in 0..<n {
                            let hi = o[u]
                            o[u] = write
                            pairs.removeAll(keepingCapacity: true)
                            for k in lo..<hi { pairs.append((tb[k], wb[k])) }
                            pairs.sort { $0.0 < $1.0 }
                            var last: Int32 = -1
                            for (x, wx) in pairs {
                                if x == last { wb[write - 1] += wx } else { tb[write] = x; wb[write] = wx; write += 1; last = x }
                            }
                            lo = hi
                        }
                    }
                }
                o[n] = write
            }
        }
        t.removeLast(t.count - write)
        if weighted { w.removeLast(w.count - write) }
        return Adjacency(offsets: offsets, targets: t, weights: weighted ? w : nil)
    }

    /// Insertion sort for the short rows most graphs have (and rows already in
    /// order cost one pass); the standard sort for long ones.
    @inline(__always)
    private static func sortRow(_ row: UnsafeMutableBufferPointer<Int32>) {
        let n = row.count
        if n > 24 { var r = row; r.sort(); return }
        var i = 1
        while i < n {
            let x = row[i]
            var j = i
            while j > 0 && row[j - 1] > x { row[j] = row[j - 1]; j -= 1 }
            row[j] = x
            i += 1
        }
    }

    /// The reverse direction of `a`: rows come out sorted because sources are visited in order.
    static func transpose(_ a: Adjacency, n: Int) -> Adjacency {
        var offsets = [Int](repeating: 0, count: n + 1)
        for v in a.targets { offsets[Int(v) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var fill = offsets
        var t = [Int32](repeating: 0, count: a.targets.count)
        var w: [Double]? = a.weights == nil ? nil : [Double](repeating: 0, count: a.targets.count)
        for u in 0..<n {
            for k in a.offsets[u]..<a.offsets[u + 1] {
                let v = Int(a.targets[k])
                t[fill[v]] = Int32(u)
                w?[fill[v]] = a.weights![k]
                fill[v] += 1
            }
        }
        return Adjacency(offsets: offsets, targets: t, weights: w)
    }
}
