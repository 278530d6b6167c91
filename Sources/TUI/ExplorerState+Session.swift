import Foundation
import GraphCore
import Layout
import Render

/// Sessions: the state as a `Session` (`:save`, quit) and back (`--session`, `:open`).
extension ExplorerState {
    /// This view as a session: positions of the nodes shown (by id), camera,
    /// filter, mappings, selection, path and theme.
    public func session() -> Session {
        let g = context.graph
        let whole = context.whole
        return Session(graph: Session.Fingerprint(whole), source: options.source, filter: filterText, hidden: hidden,
                       fade: fade, color: colorBy.stored, autoColor: autoColoring, size: sizeBy, label: labelBy,
                       theme: theme.name, edges: scene.showEdges, labels: labelsOn,
                       selected: selected.map { g.nodeIDs[$0] }, path: highlightedPath?.map { whole.nodeIDs[$0] },
                       camera: cameraRecord, paused: userPaused, algorithm: snapshot.algorithm.rawValue,
                       dimension: snapshot.dimension, ids: g.nodeIDs, coordinates: snapshot.positions)
    }

    /// `:save [FILE]` (FILE, else the `--session` file).
    mutating func saveSession(to file: String?, now: Double, effects: inout [Effect]) {
        guard let path = file ?? options.sessionPath else {
            say("save: give a file name (or start with --session FILE)", now: now)
            return
        }
        effects.append(.saveSession(session(), path: path))
        say("saving the session to \(path)…", now: now)
    }

    /// The view a session describes, as undo records it.
    func record(of s: Session) -> ViewRecord {
        let whole = context.whole
        var r = viewRecord
        r.filter = s.filter
        r.hidden = s.hidden
        r.fade = s.fade
        if let c = ColorBy(stored: s.color), c != .file || fileColors != nil { r.colorBy = c }
        r.autoColoring = s.autoColor
        r.sizeBy = s.size
        r.labelBy = s.label
        if let i = context.themes.firstIndex(where: { $0.name == s.theme }) { r.themeIndex = i }
        r.showEdges = s.edges
        r.labelsOn = s.labels
        r.path = s.path.map { ids in ids.compactMap { whole.node(withID: $0) } }
        r.camera = s.camera
        return r
    }

    /// Applies a session whose filter is already shown (at start, or after
    /// `:open` rebased the view on it): mappings, theme, camera, selection, path.
    mutating func adopt(_ s: Session, now: Double, effects: inout [Effect]) {
        var ignored: [Effect] = []
        apply(record(of: s), now: now, effects: &ignored)
        if let id = s.selected, let w = context.whole.node(withID: id), let n = context.shownIndex(ofWhole: w) {
            selected = n
            scene.selected = n
        }
        if s.paused != userPaused {
            userPaused = s.paused
            effects.append(.layout(s.paused ? .pause : .resume))
        }
        applyColoring()
        applyLabels()
    }
}
