import Foundation
import GraphCore
import Layout
import Render
import StreamInterface
import TerminalGraphics

/// What never changes while the explorer runs: the graph and what is derived
/// from it once, the themes, the options.
public final class ExplorerContext: Sendable {
    public let options: ExplorerOptions
    /// The graph shown: the whole graph, or the subgraph a filter selected.
    public let graph: Graph
    /// The whole graph the explorer opened (filters select from it).
    public let whole: Graph
    /// Node i of `graph` is node `wholeIndex[i]` of `whole` (nil: the same graph).
    public let wholeIndex: [Int]?
    private let shownIndex: [Int32]?
    /// Whole-graph metrics, computed once and kept across filters.
    public let metrics: MetricStore
    public let labels: [String]
    public let lowercasedLabels: [String]
    public let degrees: [Int]
    /// Nodes by decreasing degree.
    public let byDegree: [Int]
    public let themes: [Theme]

    public convenience init(options: ExplorerOptions, themes: [Theme]? = nil) {
        let whole = options.whole ?? options.graph
        self.init(options: options, whole: whole, mask: options.whole == nil ? nil : options.startMask,
                  metrics: options.metrics.flatMap { $0.graph.nodeCount == whole.nodeCount && $0.graph.edgeCount == whole.edgeCount ? $0 : nil } ?? MetricStore(graph: whole),
                  themes: themes ?? ExplorerContext.loadThemes())
    }

    /// Nodes of `graph` the filter leaves out while they fade (nil: none fade).
    public let faded: [Bool]?
    /// The nodes the filter selects, as a graph: the statistics are of it
    /// (`graph` itself unless filtered-out nodes fade).
    public let selection: Graph

    /// The view of `whole` that `mask` selects (nil: all of it); `options.filter`
    /// says which filter, `options.fade` whether the rest fades (and stays in
    /// the layout) rather than disappearing.
    public init(options: ExplorerOptions, whole: Graph, mask: NodeMask?, metrics: MetricStore, themes: [Theme]) {
        self.options = options
        self.whole = whole
        self.metrics = metrics
        let g: Graph
        if let mask, mask.selectedCount < whole.nodeCount, options.fade {
            g = whole
            wholeIndex = nil
            shownIndex = nil
            var f = [Bool](repeating: true, count: whole.nodeCount)
            for n in mask.nodes { f[n] = false }
            faded = f
            selection = whole.induced(by: mask)
        } else if let mask, mask.selectedCount < whole.nodeCount {
            faded = nil
            g = whole.induced(by: mask)
            let nodes = mask.nodes
            wholeIndex = nodes
            var back = [Int32](repeating: -1, count: whole.nodeCount)
            for (i, n) in nodes.enumerated() { back[n] = Int32(i) }
            shownIndex = back
            selection = g
        } else {
            g = whole
            wholeIndex = nil
            shownIndex = nil
            faded = nil
            selection = g
        }
        graph = g
        let names = (0..<g.nodeCount).map { g.label(of: $0) }
        labels = names
        lowercasedLabels = names.map { $0.lowercased() }
        let d = (0..<g.nodeCount).map { g.degree($0) }
        degrees = d
        byDegree = g.nodesByDecreasingDegree()
        self.themes = themes
    }

    /// The whole graph's index of shown node `i`.
    public func wholeIndex(ofShown i: Int) -> Int { wholeIndex?[i] ?? i }

    /// The shown index of whole-graph node `n`, nil when the filter hides it.
    public func shownIndex(ofWhole n: Int) -> Int? {
        guard let shownIndex else { return n }
        let i = shownIndex[n]
        return i >= 0 ? Int(i) : nil
    }

    /// The built-in themes, then the person's own (`$XDG_CONFIG_HOME/tangle/themes`).
    public static func loadThemes() -> [Theme] {
        var themes = ThemeLibrary.builtinNames.compactMap { ThemeLibrary.builtin($0) }
        for name in ThemeLibrary.userThemeNames() {
            let (t, warning) = ThemeLibrary.named(name)
            if warning == nil, !themes.contains(where: { $0.name == t.name }) { themes.append(t) }
        }
        return themes
    }
}

/// Where a key or pointer came from. Browser viewers may steer but not end
/// sharing, write files or quit.
public enum InputOrigin: Sendable, Equatable { case terminal, browser }

/// The side server as the explorer knows it.
public enum ServerState: Sendable, Equatable {
    case off
    case starting
    case listening(ServeAnnouncement)
    case ended(String)
}

/// Where a labelled node landed in a picture, 0…1 of its width and height.
public struct LabelAnchor: Sendable, Equatable {
    public var node: Int
    public var x: Float
    public var y: Float
}

/// The inputs of a picture: when they are what was last asked for, there is
/// nothing new to draw. Replaces the dirty flags of old.
public struct PictureKey: Sendable, Equatable {
    var scene: Scene.Revision
    var camera: Camera
    var theme: Int
    var placement: ImagePlacement?
    var detail: Renderer.Detail
    var sharing: Bool
}

/// The explorer's whole state, as a value. `update(_:now:)` is the only
/// thing that changes it; it returns effects for runners to carry out.
public struct ExplorerState: Sendable {
    public let context: ExplorerContext
    var options: ExplorerOptions { context.options }

    // The terminal.
    /// Unknown (0×0) until the first `.resize`: nothing is written before it.
    public internal(set) var geometry = TerminalGeometry(columns: 0, rows: 0)
    public internal(set) var capabilities: TerminalCapabilities
    public internal(set) var mode: GraphicsMode
    public internal(set) var layout = ScreenLayout.compute(columns: 0, rows: 0)
    public internal(set) var placement: ImagePlacement?
    var encoder = ScreenEncoder()

    // What is shown.
    public internal(set) var scene: Scene
    public internal(set) var camera: Camera
    public internal(set) var themeIndex = 0
    var colorBy: ColorBy = .community
    /// Until the person presses `c`, colouring follows community detection.
    var autoColoring = true
    var colorChoices: [ColorBy] = [.community, .degree]
    var communityLabels: [Int32]?
    /// The file's own colours (GEXF viz:color) as palette indices and the
    /// palette they index, when it gave every node one (at most 24 colours).
    var fileColors: (categories: [Int32], palette: [Render.RGB])?
    /// The camera follows the layout (re-fits as it grows) until the person moves it.
    var autoFit = true
    var fitPending = true
    var labelsOn = true

    // What the person is doing.
    public internal(set) var search = Search()
    /// The `:` command line while it is open.
    public internal(set) var commandLine: CommandLine?
    var commandHistory: [String] = []
    /// The filter as typed (nil: none); the view also leaves out `hidden`
    /// (node ids, `:hide`), and `fade` keeps filtered-out nodes, dimmed.
    public internal(set) var filterText: String?
    public internal(set) var hidden: [String] = []
    public internal(set) var fade = false
    /// `:size` and `:label` by a metric or attribute (nil: degree, the graph's labels).
    public internal(set) var sizeBy: String?
    public internal(set) var labelBy: String?
    /// Label text per shown node while `labelBy` is set.
    var mappedLabels: [String]?
    /// Views to go back (and forward) to: every filter, view and mapping change.
    var undoStack: [ViewRecord] = []
    var redoStack: [ViewRecord] = []
    /// When the camera last moved by hand: moves closer together than a second are one undo step.
    var lastCameraMove = -Double.infinity
    /// The filter being computed (its effective text) and the view to return
    /// to when it selects nothing.
    var pendingFilter: (text: String?, revert: ViewRecord)?
    /// When the pending filter was asked for: pictures of the view it will
    /// replace wait up to `filterGrace` for it (on a big graph such a picture
    /// would take the cores from building the new view).
    var pendingFilterSince = 0.0
    static let filterGrace = 0.5
    /// Views asked for (`Effect.showFilter`) and not built yet, and when the
    /// last was asked for: pictures of the view they replace wait for them
    /// the same way (the picture thread would still be drawing the old view
    /// when the new one arrives).
    var viewsBuilding = 0
    var viewBuildingSince = 0.0
    var picturesHeldUntil: Double {
        if pendingFilter != nil { return pendingFilterSince + Self.filterGrace }
        return viewsBuilding > 0 ? viewBuildingSince + Self.filterGrace : 0
    }
    /// The last nodes selected (whole-graph indices), for `:path` with no arguments.
    var recentSelections: [Int] = []
    /// The last `:path` (whole-graph indices).
    public internal(set) var highlightedPath: [Int]?
    public internal(set) var selected: Int?
    var topCursor = -1
    public internal(set) var helpVisible = false
    public internal(set) var message: (text: String, until: Double)?
    var drag: (column: Int, row: Int, button: Int)?
    var webDrag: (x: Double, y: Double, button: Int)?
    var interactingUntil = 0.0
    /// Counts every key, click and browser event; frames record the last one they include.
    public internal(set) var inputSeq = 0

    // The layout and the statistics.
    public internal(set) var snapshot: LayoutSnapshot
    var parameters: LayoutParameters
    public internal(set) var userPaused = false
    public internal(set) var statistics: GraphStatistics?

    // Sharing.
    public internal(set) var server: ServerState = .off
    /// The FrameBus segment's name, or why there is none.
    var segment: Result<String, ShareUnavailable>
    var lastStatusAt = -Double.infinity

    // Pictures.
    var requestedKey: PictureKey?
    var requestID = 0
    /// `inputSeq` when the last picture was asked for.
    var requestedInputSeq = 0
    public internal(set) var renderInFlight: PictureRequestInfo?
    var invalidatePicture = true
    /// A click to pick a node at, 0…1 of the picture's width and height.
    var pendingPick: (x: Float, y: Float)?
    /// The `w` snapshot's PNG, created and waiting for the next picture.
    var pendingPNG: NewFile?
    var governor: BandwidthGovernor
    /// End-to-end flow control: what the terminal has answered of what was written.
    var link: LinkMonitor
    /// Writes sent so far (each ends with the link's probe when it is on).
    var writeSeq = 0
    /// Pictures dropped in a row because input came while they waited for the link.
    var droppedPending = 0
    /// The newest input a written picture included.
    var lastWrittenInputSeq = 0
    var frameGovernor: FrameTimeGovernor
    var lastRenderMs = 0.0
    var lastEncodeMs = 0.0
    /// The filter whose nodes the view shows: the context's, or one that
    /// selected the very nodes already shown (the view then stayed).
    var shownFilter: String?
    /// Render time of the last full-detail picture, nil before the first.
    var lastFullRenderMs: Double?
    /// A full-detail picture was given up while its thread still draws it
    /// (a GL frame cannot be stopped halfway): until its result comes back,
    /// pictures are drawn at moving detail on the other thread.
    var abandonedStill = false
    var shownDivisor = 1
    /// The newest cell picture and where its labels go.
    public internal(set) var cellPicture: CellGrid?
    var anchors: [LabelAnchor] = []
    /// A cell picture that is in the buffer but not yet written.
    var cellFramePending: PictureInfo?
    /// An encoded pixel picture waiting for the writer (newest wins).
    var pendingImage: PendingPicture?
    /// The next pixel picture must repaint everything (the terminal may not show the last one whole).
    var needsFullPicture = false
    /// Per render thread (still, moving): the terminal shows the last
    /// picture it drew, so its next one may send only what changed.
    var drawerInSync: [Renderer.Detail: Bool] = [:]
    /// The last pixel picture written, to draw again when an overlay closes.
    var lastImage: [UInt8]?
    /// A pixel picture is on screen (kitty pictures are removed under overlays).
    var imageVisible = false

    // The terminal's side.
    /// What the terminal shows (what the last write made it show); nil: unknown, repaint all.
    public internal(set) var shown: ScreenBuffer?
    public internal(set) var writerBusy = false
    /// When pictures reached the terminal (the last two seconds), for the fps shown.
    var frameTimes: [Double] = []
    /// Bytes written recently (time, bytes), for the bytes/s shown.
    var sentLog: [(Double, Int)] = []
    var lastTick = 0.0
    public internal(set) var exitStatus: Int32?

    public struct ShareUnavailable: Error, Sendable, Equatable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }

    /// An encoded picture on its way out: its bytes, where they may be cut
    /// into writes, and how much of it has been written.
    struct PendingPicture: Sendable, Equatable {
        var bytes: [UInt8]
        var partEnds: [Int]
        /// Bytes already written (at a part end).
        var sentBytes = 0
        /// It repaints the whole picture.
        var complete: Bool
        var info: PictureInfo
        /// Which render thread drew it.
        var detail: Renderer.Detail = .full
        var started: Bool { sentBytes > 0 }
    }

    /// What the picture in flight was asked for.
    public struct PictureRequestInfo: Sendable, Equatable {
        var id: Int
        var key: PictureKey
        var inputSeq: Int
        var pick: Bool
        var requestedAt = 0.0
    }

    public init(context: ExplorerContext, snapshot: LayoutSnapshot, capabilities: TerminalCapabilities = TerminalCapabilities(),
                segment: Result<String, ShareUnavailable> = .failure(.init(reason: "disabled"))) throws {
        self.context = context
        self.snapshot = snapshot
        self.capabilities = capabilities
        let options = context.options
        mode = options.graphicsMode.resolved(for: capabilities)
        parameters = snapshot.parameters
        userPaused = options.paused
        governor = BandwidthGovernor(targetFPS: max(1, options.targetFPS), maxDivisor: 16)
        link = LinkMonitor(enabled: options.flowControl && capabilities.answered)
        frameGovernor = FrameTimeGovernor(targetFPS: options.targetFPS, startDivisor: FrameTimeGovernor.startDivisor(
            nodes: context.graph.nodeCount, edges: context.graph.edgeCount))
        scene = try Scene(graph: context.graph, positions: snapshot.positions, dimension: snapshot.dimension)
        camera = Camera(dimension: snapshot.dimension, width: 640, height: 480)
        self.segment = segment
        if let i = context.themes.firstIndex(where: { $0.name == options.themeName }) { themeIndex = i }
        for key in context.graph.nodeAttributes.keys where key != "label" && key != "name" && key != "id" && !key.hasPrefix("viz.") {
            colorChoices.append(.attribute(key))
        }
        if let colors = options.initialColors, colors.count == context.graph.nodeCount {
            var index: [Render.RGB: Int32] = [:]
            var palette: [Render.RGB] = []
            let categories = colors.map { c -> Int32 in
                if let i = index[c] { return i }
                index[c] = Int32(palette.count); palette.append(c)
                return Int32(palette.count - 1)
            }
            if palette.count <= 24 {
                fileColors = (categories, palette)
                colorChoices.insert(.file, at: 0)
                colorBy = .file
                autoColoring = false
            }
        }
        encoder = ScreenEncoder(truecolor: true, colors256: true)
        filterText = options.filter
        shownFilter = options.filter
        fade = options.fade
        scene.faded = context.faded
        applyColoring()
        if let session = options.session {
            var ignored: [Effect] = []
            adopt(session, now: 0, effects: &ignored)
        }
    }

    /// The theme drawn with: the chosen one, with the file's palette while colouring by the file's colours.
    var theme: Theme {
        var t = context.themes[themeIndex]
        if colorBy == .file, let f = fileColors { t.palette = f.palette }
        return t
    }
    /// The labels drawn: the graph's, or the values `:label` maps them to.
    var labels: [String] { mappedLabels ?? context.labels }

    /// The picture is changing (layout running, camera moving, someone
    /// interacting): frames are paced and drawn at interactive detail.
    /// Random start positions (`provisional`) count as changing too: never
    /// worth a full-detail frame.
    func isChanging(now: Double) -> Bool {
        now < interactingUntil || !camera.isSettled || snapshot.isRunning || snapshot.provisional
    }

    /// A side server is (being) started: pictures are drawn at the pane's
    /// real pixel size for the browser from now on.
    var sharing: Bool {
        switch server {
        case .starting, .listening: return true
        case .off, .ended: return false
        }
    }

    func pictureKey(now: Double) -> PictureKey {
        PictureKey(scene: scene.revision, camera: camera, theme: themeIndex, placement: placement,
                   detail: isChanging(now: now) ? .interactive : .full, sharing: sharing)
    }

    /// Frames drawn in the last second (pictures that reached the terminal).
    func framesPerSecond(now: Double) -> Int {
        frameTimes.filter { $0 > now - 1 }.count
    }

    mutating func say(_ text: String, now: Double, seconds: Double = 4) {
        message = (text, now + seconds)
    }

    // MARK: colouring

    mutating func applyColoring() {
        let graph = context.graph
        let fileSizes = options.initialSizes.flatMap { $0.count == graph.nodeCount ? $0 : nil }
        var sizes = fileSizes ?? NodeStyle.sizes(byDegreeOf: graph)
        var sizeTitle: String? = fileSizes == nil ? "degree" : "viz:size"
        var sizeScale: Legend.Scale?
        if let name = sizeBy, let s = try? NodeMapping.sizing(by: name, store: context.metrics, shown: context.wholeIndex) {
            sizes = s.sizes; sizeTitle = name; sizeScale = s.scale
        }
        let cat: NodeStyle.Categorization
        var legendTitle = colorBy.title
        var colorScale: Legend.Scale?
        switch colorBy {
        case .community:
            if let labels = communityLabels, labels.count == graph.nodeCount {
                cat = NodeStyle.categories(labels: labels) { "community \($0 + 1)" }
            } else {
                cat = NodeStyle.categories(byDegreeOf: graph)
                legendTitle = "degree (communities pending)"
            }
        case .degree:
            cat = NodeStyle.categories(byDegreeOf: graph)
        case .file:
            let f = fileColors!
            cat = NodeStyle.Categorization(categories: f.categories, names: f.palette.map(\.hex))
            legendTitle = "viz:color"
        case .attribute(let key):
            cat = (try? NodeStyle.categories(byAttribute: key, of: graph)) ?? NodeStyle.categories(byDegreeOf: graph)
        case .mapped(let name):
            // The same mapping as `tangle render --color-by`: whole-graph values, continuous for numbers.
            if let c = try? NodeMapping.colouring(by: name, store: context.metrics, shown: context.wholeIndex) {
                cat = NodeStyle.Categorization(categories: c.categories, names: c.entries)
                colorScale = c.scale
            } else {
                cat = NodeStyle.categories(byDegreeOf: graph)
            }
        }
        try? scene.setStyle(categories: cat.categories, sizes: sizes)
        scene.legend = Legend(color: legendTitle, entries: colorScale == nil ? Array(cat.names.prefix(8)) : [],
                              size: sizeTitle, colorScale: colorScale, sizeScale: sizeScale)
    }

    /// `:label NAME`: each shown node's value as its label (nil: the graph's labels).
    mutating func applyLabels() {
        guard let name = labelBy, let texts = try? NodeMapping.labels(by: name, store: context.metrics, shown: context.wholeIndex) else {
            mappedLabels = nil
            scene.labelTexts = nil
            return
        }
        let base = context.labels
        mappedLabels = texts.enumerated().map { $1 ?? base[$0] }
        scene.labelTexts = texts
    }
}

/// How nodes are coloured.
enum ColorBy: Equatable, Sendable {
    case community, degree
    /// The file's own colours (GEXF viz:color).
    case file
    case attribute(String)
    /// `:color NAME`: a metric or attribute through `NodeMapping` (as `render --color-by`).
    case mapped(String)

    var title: String {
        switch self {
        case .community: return "community"
        case .degree: return "degree"
        case .file: return "file colours"
        case .attribute(let k): return k
        case .mapped(let k): return k
        }
    }

    /// As a session stores it.
    var stored: String {
        switch self {
        case .community: return "community"
        case .degree: return "degree"
        case .file: return "file"
        case .attribute(let k): return "attribute:" + k
        case .mapped(let k): return "mapped:" + k
        }
    }

    init?(stored s: String) {
        switch s {
        case "community": self = .community
        case "degree": self = .degree
        case "file": self = .file
        default:
            if s.hasPrefix("attribute:") { self = .attribute(String(s.dropFirst(10))) }
            else if s.hasPrefix("mapped:") { self = .mapped(String(s.dropFirst(7))) }
            else { return nil }
        }
    }
}
