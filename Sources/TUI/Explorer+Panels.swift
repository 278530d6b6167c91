import Foundation
import GraphCore
import Layout
import Render

extension Explorer {
    /// The side panel: graph, statistics, layout, selection.
    func panelSections() -> [PanelSection] {
        var sections: [PanelSection] = []
        let g = graph
        var graphRows: [PanelSection.Row] = [
            .init("nodes", "\(g.nodeCount)"),
            .init("edges", "\(g.edgeCount)" + (g.isWeighted ? " (weighted)" : "")),
            .init("directed", g.isDirected ? "yes" : "no"),
        ]
        if let s = statsBox.statistics {
            graphRows.append(.init("density", Explorer.short(s.density)))
            graphRows.append(.init("components", "\(s.components) (largest \(s.largestComponent))"))
            graphRows.append(.init("degree", "min \(s.degree.min) · mean \(String(format: "%.2f", s.degree.mean)) · max \(s.degree.max)"))
            if let c = s.averageClustering { graphRows.append(.init("clustering", String(format: "%.4f", c))) }
            if let t = s.transitivity { graphRows.append(.init("transitivity", String(format: "%.4f", t))) }
            if let a = s.assortativity { graphRows.append(.init("assortativity", String(format: "%.4f", a))) }
            if let c = s.communities {
                graphRows.append(.init("communities", "\(c.count)" + (c.modularity.map { String(format: " · Q %.3f", $0) } ?? "")))
            }
            if let d = s.diameter { graphRows.append(.init("diameter", (s.diameterEstimated ? "≈" : "") + "\(d)")) }
            if g.selfLoopCount > 0 { graphRows.append(.init("self-loops", "\(g.selfLoopCount)")) }
        } else {
            graphRows.append(.init("statistics", "computing…", style: .dim))
        }
        sections.append(PanelSection(options.source, graphRows))

        let snap = lastSnapshot
        let p = snap.parameters
        var layoutRows: [PanelSection.Row] = [
            .init("algorithm", Explorer.algorithmName(snap.algorithm) + " · \(snap.dimension)D"),
            .init("state", userPaused ? "paused" : snap.converged ? "converged" : "running",
                  style: userPaused ? .warning : .selected),
            .init("iteration", "\(snap.iteration)"),
            .init("steps/s", String(format: "%.0f", snap.stepsPerSecond)),
            .init("speed", Explorer.short(snap.globalSpeed)),
        ]
        switch snap.algorithm {
        case .forceAtlas2:
            layoutRows += [.init("scaling [ ]", Explorer.short(p.scaling)), .init("gravity { }", Explorer.short(p.gravity)),
                           .init("lin-log L", p.linLog ? "on" : "off"), .init("strong gravity", p.strongGravity ? "on" : "off"),
                           .init("theta", Explorer.short(p.theta)), .init("jitter tol.", Explorer.short(p.jitterTolerance))]
        case .fruchtermanReingold:
            layoutRows += [.init("gravity { }", Explorer.short(p.frGravity)), .init("repulsion", p.repulsion.rawValue),
                           .init("cooling", Explorer.short(p.cooling)), .init("theta", Explorer.short(p.theta))]
        default:
            layoutRows += [.init("seed", "\(p.seed)")]
        }
        sections.append(PanelSection("Layout", layoutRows))

        var view: [PanelSection.Row] = [
            .init("theme t", themes[themeIndex].name),
            .init("colour c", colorBy.title),
            .init("edges e", scene.showEdges ? "shown" : "hidden"),
        ]
        if lastRenderMs > 0 {
            view.append(.init("frame", String(format: "%.0f ms render · %.0f ms encode", lastRenderMs, lastEncodeMs), style: .dim))
        }
        sections.append(PanelSection("View", view))

        if let n = selected {
            var rows: [PanelSection.Row] = [.init("label", labels[n], style: .selected), .init("id", g.nodeIDs[n]),
                                            .init("degree", "\(degrees[n])")]
            if let c = communityLabels { rows.append(.init("community", "\(c[n] + 1)")) }
            for (k, v) in g.nodeAttributes.values(of: n) where k != "label" { rows.append(.init(k, v.text)) }
            let nbrs = g.undirectedNeighbours(n)
            let names = nbrs.prefix(12).map { labels[$0] }.joined(separator: ", ")
            rows.append(.init("neighbours", "\(nbrs.count): " + names + (nbrs.count > 12 ? ", …" : "")))
            sections.append(PanelSection("Selection", rows))
        } else if !search.matches.isEmpty {
            sections.append(PanelSection("Search", [.init("matches", "\(search.matches.count) for \"\(search.query)\"")]))
        }
        return sections
    }
}
