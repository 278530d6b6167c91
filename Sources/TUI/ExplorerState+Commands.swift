import Foundation
import GraphCore
import Layout
import Render

/// The `:` command line: typed commands with history and Tab completion,
/// and the view filters they set (filter, ego, path, undo, redo).
public struct CommandLine: Sendable, Equatable {
    public var text = ""
    /// Position in `history` while browsing it with the arrow keys.
    var browsing: Int?
}

/// What the explorer shows of the whole graph: the filter in force (nil:
/// everything), as typed; undo and redo step through these.
public struct ViewFilter: Sendable, Equatable {
    public var text: String?
}

extension ExplorerState {
    static let commands = ["filter", "ego", "path", "undo", "redo", "fade"]

    mutating func commandKey(_ key: Key, now: Double, effects: inout [Effect]) {
        guard var line = commandLine else { return }
        switch key {
        case .escape:
            commandLine = nil
            return
        case .enter:
            commandLine = nil
            let text = line.text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                if commandHistory.last != text { commandHistory.append(text) }
                run(command: text, now: now, effects: &effects)
            }
            return
        case .backspace:
            if line.text.isEmpty { commandLine = nil; return }
            line.text.removeLast()
        case .up:
            guard !commandHistory.isEmpty else { break }
            let i = max(0, (line.browsing ?? commandHistory.count) - 1)
            line.browsing = i
            line.text = commandHistory[i]
        case .down:
            guard let b = line.browsing else { break }
            if b + 1 < commandHistory.count { line.browsing = b + 1; line.text = commandHistory[b + 1] }
            else { line.browsing = nil; line.text = "" }
        case .tab:
            line.text = complete(line.text)
        case .char(let s):
            line.text.unicodeScalars.append(s)
        default:
            break
        }
        commandLine = line
    }

    /// Completes the word before the end: a command name first, then
    /// metric, attribute and keyword names of the filter language.
    func complete(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        let last = String(words.last ?? "")
        let candidates: [String]
        if words.count <= 1 {
            candidates = Self.commands.filter { $0.hasPrefix(last) }
        } else {
            let word = String(last.drop { !$0.isLetter && $0 != "_" })
            let lead = String(last.prefix(last.count - word.count))
            candidates = Filter.completions(of: word, in: context.whole).map { lead + $0 }
        }
        guard !candidates.isEmpty else { return text }
        // The longest common prefix; a space after a single match.
        var common = candidates[0]
        for c in candidates.dropFirst() {
            while !c.hasPrefix(common) { common.removeLast() }
        }
        let head = words.dropLast().joined(separator: " ")
        let completed = (head.isEmpty ? "" : head + " ") + common
        return candidates.count == 1 ? completed + " " : completed
    }

    /// Runs one command line; mistakes go to the status line with their column.
    mutating func run(command text: String, now: Double, effects: inout [Effect]) {
        let name = text.prefix { $0 != " " }
        let rest = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "filter":
            setFilter(rest.isEmpty ? nil : rest, now: now, effects: &effects)
        case "ego":
            guard let n = selected else { say("ego: select a node first", now: now); return }
            guard let depth = rest.isEmpty ? 1 : Int(rest), depth >= 0 else { say("ego: expected a depth (a whole number), found '\(rest)'", now: now); return }
            setFilter("ego(\(Self.quoted(context.graph.nodeIDs[n])), \(depth))", now: now, effects: &effects)
        case "path":
            path(rest, now: now)
        case "undo": undo(now: now, effects: &effects)
        case "redo": redo(now: now, effects: &effects)
        case "fade":
            say("fade: filtered-out nodes are removed from the view in this version", now: now)
        default:
            say("unknown command '\(name)' (commands: \(Self.commands.joined(separator: ", ")))", now: now)
        }
    }

    /// A node id as ego() takes it: bare when it is letters, digits and `_`, else the language's string literal.
    static func quoted(_ id: String) -> String {
        id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? id : Filter.quoted(id)
    }

    /// Parses `text`, then asks for its evaluation on the whole graph (in
    /// the background: metrics of a big graph take time); nil clears.
    mutating func setFilter(_ text: String?, now: Double, effects: inout [Effect], recording: Bool = true) {
        if let text {
            do {
                let f = try Filter(parsing: text)
                try f.check(against: context.whole)
                effects.append(.evaluateFilter(f))
                say("filter: computing \(text)…", now: now, seconds: 30)
            } catch {
                say("filter: \(error)", now: now, seconds: 10)
                return
            }
        } else {
            effects.append(.showFilter(nil, NodeMask(count: context.whole.nodeCount, all: true)))
        }
        if recording {
            undoStack.append(ViewFilter(text: options.filter))
            redoStack.removeAll()
        }
    }

    mutating func undo(now: Double, effects: inout [Effect]) {
        guard let previous = undoStack.popLast() else { say("nothing to undo", now: now); return }
        redoStack.append(ViewFilter(text: options.filter))
        setFilter(previous.text, now: now, effects: &effects, recording: false)
    }

    mutating func redo(now: Double, effects: inout [Effect]) {
        guard let next = redoStack.popLast() else { say("nothing to redo", now: now); return }
        undoStack.append(ViewFilter(text: options.filter))
        setFilter(next.text, now: now, effects: &effects, recording: false)
    }

    /// Now showing `ctx` (a filter's subgraph, or the whole graph again):
    /// a new state for it that keeps the terminal, the camera, the theme,
    /// sharing, the history and, where the node is still shown, the selection.
    mutating func rebase(onto ctx: ExplorerContext, snapshot snap: LayoutSnapshot, now: Double) {
        guard var next = try? ExplorerState(context: ctx, snapshot: snap, capabilities: capabilities, segment: segment) else {
            say("filter: cannot show this view", now: now)
            return
        }
        next.geometry = geometry
        next.mode = mode
        next.layout = layout
        next.placement = placement
        next.encoder = encoder
        next.camera = camera
        next.autoFit = false
        next.fitPending = false
        next.themeIndex = themeIndex
        next.labelsOn = labelsOn
        next.scene.topLabels = scene.topLabels
        next.scene.showEdges = scene.showEdges
        next.userPaused = userPaused
        next.message = message
        next.inputSeq = inputSeq
        next.server = server
        next.lastStatusAt = lastStatusAt
        next.governor = governor
        next.link = link
        next.writeSeq = writeSeq
        next.answeredWrites = answeredWrites
        next.lastWrittenInputSeq = lastWrittenInputSeq
        next.frameGovernor = frameGovernor
        next.requestID = requestID
        next.shown = shown
        next.writerBusy = writerBusy
        next.lastImage = lastImage
        next.imageVisible = imageVisible
        next.pendingImage = pendingImage
        next.needsFullPicture = needsFullPicture
        next.drawerInSync = drawerInSync
        next.frameTimes = frameTimes
        next.sentLog = sentLog
        next.lastTick = lastTick
        next.commandHistory = commandHistory
        next.undoStack = undoStack
        next.redoStack = redoStack
        next.recentSelections = recentSelections
        next.highlightedPath = highlightedPath
        if let s = selected, let n = ctx.shownIndex(ofWhole: context.wholeIndex(ofShown: s)) {
            next.selected = n
            next.scene.selected = n
        }
        if let p = highlightedPath { next.scene.matches = p.compactMap { ctx.shownIndex(ofWhole: $0) } }
        // The picture in flight is of the old view: its result is dropped (ids differ).
        next.renderInFlight = nil
        next.invalidatePicture = true
        self = next
    }

    /// `x`: one more hop around the selection.
    mutating func growNeighbourhood(now: Double, effects: inout [Effect]) {
        guard let n = selected else { say("x: select a node first", now: now); return }
        let id = context.graph.nodeIDs[n]
        var depth = 1
        // Around the same node already: one hop more than the filter in force.
        if let text = options.filter, let f = try? Filter(parsing: text), case .ego(id, let d, _) = f.root {
            depth = d + 1
        }
        setFilter("ego(\(Self.quoted(id)), \(depth))", now: now, effects: &effects)
    }

    /// `path A B`, or with no arguments the last two nodes selected: one
    /// shortest path (by weight when the graph has weights), highlighted.
    mutating func path(_ args: String, now: Double) {
        let whole = context.whole
        var ends: [Int] = []
        let parts = args.split(separator: " ").map(String.init)
        if parts.isEmpty {
            ends = Array(recentSelections.suffix(2))
            guard ends.count == 2 else { say("path: give two node ids, or select two nodes first", now: now); return }
        } else {
            guard parts.count == 2 else { say("path: expected two node ids, found \(parts.count) words", now: now); return }
            for p in parts {
                guard let n = whole.node(withID: p) else { say("path: no node with id '\(p)'", now: now); return }
                ends.append(n)
            }
        }
        do {
            guard let p = try whole.shortestPath(from: ends[0], to: ends[1], weighted: whole.isWeighted) else {
                say("path: no path from \(whole.nodeIDs[ends[0]]) to \(whole.nodeIDs[ends[1]])", now: now, seconds: 8)
                return
            }
            highlightedPath = p
            let shown = p.compactMap { context.shownIndex(ofWhole: $0) }
            scene.matches = shown
            let names = p.map { whole.label(of: $0) }
            say("path, \(p.count - 1) hops: " + names.joined(separator: " → "), now: now, seconds: 15)
        } catch {
            say("path: \(error)", now: now)
        }
    }
}
