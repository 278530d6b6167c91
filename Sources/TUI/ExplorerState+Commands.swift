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
    /// A browser viewer typed into it: it may not run the terminal's commands (save, open).
    var fromBrowser = false
}

/// One step of undo and redo: everything a person can change about the
/// view — the filter and hidden nodes, fade, the colour, size and label
/// mappings, theme, edges, labels, the highlighted path and the camera.
struct ViewRecord: Sendable, Equatable {
    var filter: String?
    var hidden: [String]
    var fade: Bool
    var colorBy: ColorBy
    var autoColoring: Bool
    var sizeBy: String?
    var labelBy: String?
    var themeIndex: Int
    var showEdges: Bool
    var labelsOn: Bool
    var path: [Int]?
    var camera: CameraRecord
}

/// Where the camera is, for undo and sessions.
public struct CameraRecord: Sendable, Equatable, Codable {
    public var pose: Camera.Pose
    public var home: Camera.Pose
    public var sceneRadius: Float
    public var dimension: Int
    /// The camera follows the layout (re-fits as it grows).
    public var autoFit: Bool
}

extension ExplorerState {
    static let commands = ["filter", "ego", "path", "color", "size", "label", "focus", "hide", "show", "fade",
                           "undo", "redo", "save", "open"]
    /// Commands that write or read files on the explorer's machine: the terminal's alone.
    static let terminalOnlyCommands: Set<String> = ["save", "open"]

    mutating func commandKey(_ key: Key, origin: InputOrigin, now: Double, effects: inout [Effect]) {
        guard var line = commandLine else { return }
        if origin == .browser { line.fromBrowser = true }
        switch key {
        case .escape:
            commandLine = nil
            return
        case .enter:
            commandLine = nil
            let text = line.text.trimmingCharacters(in: .whitespaces)
            if !text.isEmpty {
                if commandHistory.last != text { commandHistory.append(text) }
                run(command: text, origin: line.fromBrowser ? .browser : .terminal, now: now, effects: &effects)
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
        } else if words.count == 2, words[0] == "focus" {
            candidates = ["community"].filter { $0.hasPrefix(last) }
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
    mutating func run(command text: String, origin: InputOrigin = .terminal, now: Double, effects: inout [Effect]) {
        let name = String(text.prefix { $0 != " " })
        let rest = text.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        if origin == .browser && Self.terminalOnlyCommands.contains(name) {
            say("a browser viewer cannot \(name) sessions (files are the terminal's)", now: now)
            return
        }
        switch name {
        case "filter":
            changeView(now: now, effects: &effects) { $0.filter = rest.isEmpty ? nil : rest }
        case "ego":
            guard let n = selected else { say("ego: select a node first", now: now); return }
            guard let depth = rest.isEmpty ? 1 : Int(rest), depth >= 0 else { say("ego: expected a depth (a whole number), found '\(rest)'", now: now); return }
            let id = Self.quoted(context.graph.nodeIDs[n])
            changeView(now: now, effects: &effects) { $0.filter = "ego(\(id), \(depth))" }
        case "path":
            path(rest, now: now)
        case "color", "colour":
            map(.color, rest, now: now)
        case "size":
            map(.size, rest, now: now)
        case "label":
            map(.label, rest, now: now)
        case "focus":
            let words = rest.split(separator: " ")
            guard words.count == 2, words[0] == "community", let k = Int(words[1]), k >= 1 else {
                say("focus: expected 'focus community N' (N as the legend and panel number them, from 1)", now: now)
                return
            }
            // The legend's "community N" is the filter language's community == N-1.
            changeView(now: now, effects: &effects) { $0.filter = "community == \(k - 1)" }
        case "hide":
            guard let n = selected else { say("hide: select a node first", now: now); return }
            let id = context.graph.nodeIDs[n]
            changeView(now: now, effects: &effects) { if !$0.hidden.contains(id) { $0.hidden.append(id) } }
        case "show":
            guard !hidden.isEmpty else { say("show: no node is hidden", now: now); return }
            if rest.isEmpty {
                changeView(now: now, effects: &effects) { $0.hidden = [] }
            } else {
                guard hidden.contains(rest) else { say("show: '\(rest)' is not hidden (hidden: \(hidden.prefix(8).joined(separator: ", ")))", now: now); return }
                changeView(now: now, effects: &effects) { $0.hidden.removeAll { $0 == rest } }
            }
        case "fade":
            let on: Bool
            switch rest {
            case "": on = !fade
            case "on": on = true
            case "off": on = false
            default: say("fade: expected on, off or nothing (toggles)", now: now); return
            }
            changeView(now: now, effects: &effects) { $0.fade = on }
            say(on ? "filtered-out nodes fade" : "filtered-out nodes disappear", now: now)
        case "undo": undo(now: now, effects: &effects)
        case "redo": redo(now: now, effects: &effects)
        case "save":
            saveSession(to: rest.isEmpty ? nil : rest, now: now, effects: &effects)
        case "open":
            guard !rest.isEmpty else { say("open: give a session file", now: now); return }
            effects.append(.openSession(rest))
        default:
            say("unknown command '\(name)' (commands: \(Self.commands.joined(separator: ", ")))", now: now)
        }
    }

    enum Mapping { case color, size, label }

    /// `color|size|label NAME` (or alone, back to the default): checked on
    /// the whole graph first, so a wrong name changes nothing.
    mutating func map(_ what: Mapping, _ name: String, now: Double) {
        let word = what == .color ? "color" : what == .size ? "size" : "label"
        if !name.isEmpty {
            do {
                switch what {
                case .color: _ = try NodeMapping.colouring(by: name, store: context.metrics, shown: context.wholeIndex)
                case .size: _ = try NodeMapping.sizing(by: name, store: context.metrics, shown: context.wholeIndex)
                case .label: _ = try NodeMapping.labels(by: name, store: context.metrics, shown: context.wholeIndex)
                }
            } catch {
                say("\(word): \(error)", now: now, seconds: 10)
                return
            }
        }
        recordUndo(now: now)
        switch what {
        case .color:
            if name.isEmpty {
                colorBy = fileColors != nil ? .file : .community
                autoColoring = fileColors == nil
            } else {
                colorBy = .mapped(name)
                autoColoring = false
            }
            applyColoring()
            say("colour by \(colorBy.title)", now: now)
        case .size:
            sizeBy = name.isEmpty ? nil : name
            applyColoring()
            say("size by \(sizeBy ?? "degree")", now: now)
        case .label:
            labelBy = name.isEmpty ? nil : name
            applyLabels()
            say(labelBy.map { "labels show \($0)" } ?? "labels show names", now: now)
        }
    }

    /// A node id as ego() takes it: bare when it is letters, digits and `_`, else the language's string literal.
    static func quoted(_ id: String) -> String {
        id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) ? id : Filter.quoted(id)
    }

    /// The expression the view shows: the filter, less the hidden nodes.
    public static func effectiveFilter(_ filter: String?, hidden: [String]) -> String? {
        guard !hidden.isEmpty else { return filter }
        let left = hidden.map { "ego(\(quoted($0)), 0)" }.joined(separator: " or ")
        return filter.map { "(\($0)) and not (\(left))" } ?? "not (\(left))"
    }

    // MARK: undo and redo

    /// The view as it is now.
    var viewRecord: ViewRecord {
        ViewRecord(filter: filterText, hidden: hidden, fade: fade, colorBy: colorBy, autoColoring: autoColoring,
                   sizeBy: sizeBy, labelBy: labelBy, themeIndex: themeIndex, showEdges: scene.showEdges,
                   labelsOn: labelsOn, path: highlightedPath, camera: cameraRecord)
    }

    var cameraRecord: CameraRecord {
        CameraRecord(pose: camera.goal, home: camera.home, sceneRadius: camera.sceneRadius, dimension: camera.dimension,
                     autoFit: autoFit)
    }

    /// Remembers the view before a change, for `u`; a new change forgets what redo had.
    mutating func recordUndo(now: Double) {
        let r = viewRecord
        if undoStack.last != r { undoStack.append(r) }
        if undoStack.count > 200 { undoStack.removeFirst() }
        redoStack.removeAll()
    }

    /// Before a camera move: one undo step per burst of moves (a second apart or more).
    mutating func recordCameraMove(now: Double) {
        if now - lastCameraMove > 1 { recordUndo(now: now) }
        lastCameraMove = now
    }

    /// Changes what is shown (filter, hidden nodes, fade), undoably.
    mutating func changeView(now: Double, effects: inout [Effect], _ change: (inout ViewRecord) -> Void) {
        var target = viewRecord
        change(&target)
        let before = viewRecord
        guard target != before else { return }
        if let text = Self.effectiveFilter(target.filter, hidden: target.hidden) {
            do {
                let f = try Filter(parsing: text)
                try f.check(against: context.whole)
            } catch {
                say("filter: \(error)", now: now, seconds: 10)
                return
            }
        }
        recordUndo(now: now)
        apply(target, now: now, effects: &effects)
    }

    /// Shows `r`: mappings, theme and camera at once; a different filter,
    /// hidden set or fade is evaluated in the background (metrics of a big
    /// graph take time) and shown when it arrives.
    mutating func apply(_ r: ViewRecord, now: Double, effects: inout [Effect]) {
        let revert = viewRecord
        let newEffective = Self.effectiveFilter(r.filter, hidden: r.hidden)
        let refilter = newEffective != shownFilter || (r.fade != options.fade && newEffective != nil)
        filterText = r.filter
        hidden = r.hidden
        fade = r.fade
        let mappingChanged = r.colorBy != colorBy || r.sizeBy != sizeBy
        colorBy = r.colorBy
        autoColoring = r.autoColoring
        sizeBy = r.sizeBy
        if mappingChanged { applyColoring() }
        if r.labelBy != labelBy { labelBy = r.labelBy; applyLabels() }
        themeIndex = min(max(r.themeIndex, 0), context.themes.count - 1)
        scene.showEdges = r.showEdges
        labelsOn = r.labelsOn
        scene.topLabels = labelsOn ? 10 : 0
        highlightedPath = r.path
        // Assigned only when it changes: a new revision would ask for a picture.
        let matches = r.path.map { $0.compactMap { context.shownIndex(ofWhole: $0) } } ?? []
        if matches != scene.matches { scene.matches = matches }
        restoreCamera(r.camera)
        guard refilter else { return }
        if let text = newEffective {
            guard let f = try? Filter(parsing: text) else { return }
            pendingFilter = (text, revert)
            pendingFilterSince = now
            effects.append(.evaluateFilter(f))
            say("filter: computing \(r.filter ?? "all") …", now: now, seconds: 30)
        } else if context.wholeIndex == nil && !options.fade && !fade {
            // Every node is shown already (the filter had selected them all): the view stands.
            pendingFilter = nil
            shownFilter = nil
            effects.append(viewLogLine(now: now, unchanged: true))
        } else {
            pendingFilter = nil
            buildView(nil, NodeMask(count: context.whole.nodeCount, all: true), fade: fade, now: now, effects: &effects)
        }
    }

    /// True when `mask` selects exactly the nodes the view shows.
    func showsExactly(_ mask: NodeMask) -> Bool {
        guard let shown = context.wholeIndex else { return mask.selectedCount == context.whole.nodeCount }
        return mask.selectedCount == shown.count && shown.allSatisfy { mask.contains[$0] }
    }

    mutating func restoreCamera(_ c: CameraRecord) {
        autoFit = c.autoFit
        if c.autoFit { fitPending = true; return }
        guard c.dimension == camera.dimension else { return }
        camera.restore(pose: c.pose, home: c.home, sceneRadius: c.sceneRadius)
        fitPending = false
    }

    mutating func undo(now: Double, effects: inout [Effect]) {
        guard let previous = undoStack.popLast() else { say("nothing to undo", now: now); return }
        redoStack.append(viewRecord)
        apply(previous, now: now, effects: &effects)
        say("undone", now: now)
    }

    mutating func redo(now: Double, effects: inout [Effect]) {
        guard let next = redoStack.popLast() else { say("nothing to redo", now: now); return }
        undoStack.append(viewRecord)
        apply(next, now: now, effects: &effects)
        say("redone", now: now)
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
        next.lastWrittenInputSeq = lastWrittenInputSeq
        next.frameGovernor = frameGovernor
        next.lastFullRenderMs = lastFullRenderMs
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
        // A command being typed when the view changed stays open.
        next.commandLine = commandLine
        next.undoStack = undoStack
        next.redoStack = redoStack
        next.recentSelections = recentSelections
        next.highlightedPath = highlightedPath
        next.lastCameraMove = lastCameraMove
        next.filterText = filterText
        // A filter asked for while this view was being built is still coming.
        next.pendingFilter = pendingFilter
        next.pendingFilterSince = pendingFilterSince
        next.viewsBuilding = max(0, viewsBuilding - 1)
        next.viewBuildingSince = viewBuildingSince
        next.hidden = hidden
        next.fade = fade
        next.colorBy = colorBy
        next.autoColoring = autoColoring && next.fileColors == nil
        next.sizeBy = sizeBy
        next.labelBy = labelBy
        next.applyColoring()
        next.applyLabels()
        if let s = selected, let n = ctx.shownIndex(ofWhole: context.wholeIndex(ofShown: s)) {
            next.selected = n
            next.scene.selected = n
        }
        if let p = highlightedPath { next.scene.matches = p.compactMap { ctx.shownIndex(ofWhole: $0) } }
        // The picture in flight is of the old view: its result is dropped (ids differ).
        next.renderInFlight = nil
        next.abandonedStill = abandonedStill || renderInFlight?.key.detail == .full
        next.invalidatePicture = true
        self = next
    }

    /// `x`: one more hop around the selection.
    mutating func growNeighbourhood(now: Double, effects: inout [Effect]) {
        guard let n = selected else { say("x: select a node first", now: now); return }
        let id = context.graph.nodeIDs[n]
        var depth = 1
        // Around the same node already: one hop more than the filter in force.
        if let text = filterText, let f = try? Filter(parsing: text), case .ego(id, let d, _) = f.root {
            depth = d + 1
        }
        changeView(now: now, effects: &effects) { $0.filter = "ego(\(Self.quoted(id)), \(depth))" }
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
            recordUndo(now: now)
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
