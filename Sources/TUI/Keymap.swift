/// Everything a key, a mouse gesture or a web viewer can ask the explorer to do.
public enum Action: Equatable, Sendable {
    case togglePause, step
    /// Orbit (3D) or pan (2D) by a fraction of the view.
    case move(dx: Double, dy: Double)
    case pan(dx: Double, dy: Double)
    case zoom(Double)
    case fit, resetCamera
    case dimension(Int)
    case cycleAlgorithm
    case repulsion(Double), gravity(Double)
    case toggleLinLog
    case cycleTheme, cycleColorBy, toggleEdges, toggleLabels
    case startSearch, nextMatch, previousMatch
    /// The `:` command line; `x` one more hop around the selection; undo and redo of view filters.
    case startCommand, growNeighbourhood, undo, redo
    /// Filtered-out nodes fade or disappear.
    case toggleFade
    case cycleTopDegree(Int)
    case selectCurrent, clearSelection
    /// Select the node under a point of the picture (0…1 of its width/height).
    case pick(x: Double, y: Double)
    case writeSnapshot
    case toggleServer
    case toggleHelp
    case quit
}

/// One documented key binding.
public struct KeyBinding: Sendable {
    /// What the help overlay and README show ("space", "h j k l", …).
    public let keys: String
    public let what: String
    /// The keys and their action.
    public let codes: [(Key, Action)]
}

/// The explorer's keys, in the order the help overlay lists them. This table
/// is the single truth: the overlay, the README check and the input handler
/// (for the terminal and the browser alike) all read it.
public enum Keymap {
    static func c(_ s: Unicode.Scalar) -> Key { .char(s) }

    public static let bindings: [KeyBinding] = [
        KeyBinding(keys: "space", what: "pause / resume the layout", codes: [(c(" "), .togglePause)]),
        KeyBinding(keys: ".", what: "one layout step (when paused)", codes: [(c("."), .step)]),
        KeyBinding(keys: "arrows / h j k l", what: "rotate (3D) or pan (2D)", codes: [
            (.left, .move(dx: -0.05, dy: 0)), (.right, .move(dx: 0.05, dy: 0)),
            (.up, .move(dx: 0, dy: -0.05)), (.down, .move(dx: 0, dy: 0.05)),
            (c("h"), .move(dx: -0.05, dy: 0)), (c("l"), .move(dx: 0.05, dy: 0)),
            (c("k"), .move(dx: 0, dy: -0.05)), (c("j"), .move(dx: 0, dy: 0.05))]),
        KeyBinding(keys: "Shift-arrows", what: "pan (in 3D too)", codes: [
            (.shiftLeft, .pan(dx: -0.05, dy: 0)), (.shiftRight, .pan(dx: 0.05, dy: 0)),
            (.shiftUp, .pan(dx: 0, dy: -0.05)), (.shiftDown, .pan(dx: 0, dy: 0.05))]),
        KeyBinding(keys: "+ / -", what: "zoom in / out", codes: [(c("+"), .zoom(1.25)), (c("="), .zoom(1.25)), (c("-"), .zoom(0.8))]),
        KeyBinding(keys: "f", what: "fit the graph to the view", codes: [(c("f"), .fit)]),
        KeyBinding(keys: "0", what: "reset the camera", codes: [(c("0"), .resetCamera)]),
        KeyBinding(keys: "2 / 3", what: "2D or 3D layout and view", codes: [(c("2"), .dimension(2)), (c("3"), .dimension(3))]),
        KeyBinding(keys: "a", what: "cycle layout algorithm", codes: [(c("a"), .cycleAlgorithm)]),
        KeyBinding(keys: "[ / ]", what: "less / more repulsion", codes: [(c("["), .repulsion(1 / 1.25)), (c("]"), .repulsion(1.25))]),
        KeyBinding(keys: "{ / }", what: "less / more gravity", codes: [(c("{"), .gravity(1 / 1.25)), (c("}"), .gravity(1.25))]),
        KeyBinding(keys: "L", what: "lin-log mode on / off", codes: [(c("L"), .toggleLinLog)]),
        KeyBinding(keys: "t", what: "cycle theme", codes: [(c("t"), .cycleTheme)]),
        KeyBinding(keys: "c", what: "colour by community, degree, attribute", codes: [(c("c"), .cycleColorBy)]),
        KeyBinding(keys: "e", what: "edges on / off", codes: [(c("e"), .toggleEdges)]),
        KeyBinding(keys: "i", what: "labels on / off (l is pan)", codes: [(c("i"), .toggleLabels)]),
        KeyBinding(keys: "/", what: "search by label (Enter keeps, Esc cancels)", codes: [(c("/"), .startSearch)]),
        KeyBinding(keys: "n / N", what: "next / previous match", codes: [(c("n"), .nextMatch), (c("N"), .previousMatch)]),
        KeyBinding(keys: ":", what: "command: filter, ego, path, color, size, label, focus, hide, show, fade, undo, redo, save, open (Tab completes)", codes: [(c(":"), .startCommand)]),
        KeyBinding(keys: "x", what: "show one more hop around the selection", codes: [(c("x"), .growNeighbourhood)]),
        KeyBinding(keys: "v", what: "filtered-out nodes fade / disappear", codes: [(c("v"), .toggleFade)]),
        KeyBinding(keys: "u / Ctrl-R", what: "undo / redo (filters, view, colours, camera)", codes: [(c("u"), .undo), (.control("r"), .redo)]),
        KeyBinding(keys: "Tab / Shift-Tab", what: "cycle through the top-degree nodes", codes: [(.tab, .cycleTopDegree(1)), (.backTab, .cycleTopDegree(-1))]),
        KeyBinding(keys: "Enter", what: "select the highlighted node", codes: [(.enter, .selectCurrent)]),
        KeyBinding(keys: "Esc", what: "clear selection and search", codes: [(.escape, .clearSelection)]),
        KeyBinding(keys: "w", what: "write positions CSV and a PNG of the view", codes: [(c("w"), .writeSnapshot)]),
        KeyBinding(keys: "s", what: "share: start / stop the browser stream", codes: [(c("s"), .toggleServer)]),
        KeyBinding(keys: "?", what: "this help", codes: [(c("?"), .toggleHelp)]),
        KeyBinding(keys: "q", what: "quit", codes: [(c("q"), .quit), (.control("c"), .quit)]),
    ]

    /// The action of a key, if it has one.
    public static func action(for key: Key) -> Action? {
        for b in bindings { for (k, a) in b.codes where k == key { return a } }
        return nil
    }

    /// Actions a browser viewer may not take: they end sharing, write files
    /// on the explorer's machine, or end the explorer.
    public static func isReservedForTerminal(_ action: Action) -> Bool {
        switch action {
        case .quit, .toggleServer, .writeSnapshot: return true
        default: return false
        }
    }
}
