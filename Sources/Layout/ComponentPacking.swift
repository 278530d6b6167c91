// Disconnected components are laid out one by one and then packed side by
// side, largest first, in shelves about as wide as the total area is square,
// so thousands of components neither fly apart nor pile up.

enum ComponentPacking {
    /// Moves each component (its node list) as a rigid body into a shelf packing
    /// in the x–y plane, `gap` apart; the whole packing is centred on the origin.
    static func pack(_ p: PositionArrays, components: [[Int32]], gap: Double = 1) {
        guard components.count > 1 else {
            if let only = components.first { center(p, only) }
            return
        }
        struct Box { var index: Int; var minX, minY, w, h: Double }
        var boxes: [Box] = []
        boxes.reserveCapacity(components.count)
        var area = 0.0
        for (c, nodes) in components.enumerated() {
            var lo = (Double.infinity, Double.infinity), hi = (-Double.infinity, -Double.infinity)
            for u in nodes {
                let i = Int(u)
                lo.0 = min(lo.0, p.x[i]); lo.1 = min(lo.1, p.y[i]); hi.0 = max(hi.0, p.x[i]); hi.1 = max(hi.1, p.y[i])
            }
            let b = Box(index: c, minX: lo.0, minY: lo.1, w: hi.0 - lo.0 + gap, h: hi.1 - lo.1 + gap)
            area += b.w * b.h
            boxes.append(b)
        }
        boxes.sort { ($0.h, $0.w, -$0.index) > ($1.h, $1.w, -$1.index) }
        let rowWidth = max(area.squareRoot() * 1.1, boxes.map(\.w).max() ?? 1)
        var cursorX = 0.0, cursorY = 0.0, rowHeight = 0.0
        var totalW = 0.0
        var offsets = [(Double, Double)](repeating: (0, 0), count: components.count)
        for b in boxes {
            if cursorX > 0 && cursorX + b.w > rowWidth {
                cursorY += rowHeight; cursorX = 0; rowHeight = 0
            }
            offsets[b.index] = (cursorX - b.minX, cursorY - b.minY)
            cursorX += b.w
            totalW = max(totalW, cursorX)
            rowHeight = max(rowHeight, b.h)
        }
        let totalH = cursorY + rowHeight
        for (c, nodes) in components.enumerated() {
            let (ox, oy) = offsets[c]
            for u in nodes {
                p.x[Int(u)] += ox - totalW / 2
                p.y[Int(u)] += oy - totalH / 2
            }
        }
    }

    /// Centres one component on the origin.
    static func center(_ p: PositionArrays, _ nodes: [Int32]) {
        guard !nodes.isEmpty else { return }
        var mx = 0.0, my = 0.0, mz = 0.0
        for u in nodes { mx += p.x[Int(u)]; my += p.y[Int(u)]; mz += p.z[Int(u)] }
        let c = Double(nodes.count)
        for u in nodes { p.x[Int(u)] -= mx / c; p.y[Int(u)] -= my / c; p.z[Int(u)] -= mz / c }
    }
}
