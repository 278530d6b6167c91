import GraphCore
import Layout
import Render
import TerminalGraphics

/// Everything `tangle FILE` decides before the screen is taken.
public struct ExplorerOptions: Sendable {
    /// What the title shows (the file name or demo:NAME).
    public var source: String
    public var graph: Graph
    public var initialPositions: LayoutPositions?
    /// Where `initialPositions` came from, for the panel: a `--positions`
    /// CSV's path, or what the graph file carried ("viz:position in the
    /// file", "x/y attributes in the file", "graphics x/y in the file").
    /// nil when the layout starts from scratch.
    public var positionsSource: String?
    /// The colour of every node the file gave (GEXF `viz:color`), indexed
    /// by node; nil when it gave none. The initial colouring when present.
    public var initialColors: [Render.RGB]?
    /// The size the file gave every node (GEXF `viz:size`), already mapped
    /// to node radii in pixels like `NodeStyle.sizes(byDegreeOf:)`; nil when
    /// it gave none. The initial sizing when present.
    public var initialSizes: [Float]?
    public var algorithm: LayoutAlgorithm?
    public var parameters = LayoutParameters()
    public var graphicsMode: GraphicsMode = .auto
    public var themeName: String = "dark"
    /// Frames per second to aim for while anything moves.
    public var targetFPS: Double = 20
    /// Start the layout paused.
    public var paused = false
    /// Start the browser side server at once, on this port.
    public var serve = false
    public var servePort = 8765
    public var serveBind = "127.0.0.1"
    /// Where `w` writes (prefix of the CSV and PNG names).
    public var snapshotPrefix = "tangle"
    /// The directory `w` writes into (nil: the working directory). Snapshot
    /// files are created with `NewFile.create(in:stem:extensions:)`: always
    /// new files, never through a link.
    public var snapshotDirectory: String?
    /// Publish frames to shared memory (off only for tests that must not).
    public var shareFrames = true
    /// `--filter EXPR` (GraphCore's `Filter` language): show only the nodes it
    /// selects. Already parsed and checked against `graph` by the command line.
    public var filter: String?
    /// End-to-end flow control (`LinkMonitor`) when the terminal answers
    /// DA1; `TANGLE_FLOW_CONTROL=off` turns it off (for comparisons).
    public var flowControl = true
    /// With `filter`: the whole graph it selects from and the mask it
    /// selected (`graph` is then the induced subgraph, or the whole graph
    /// when `fade` is on); nil: `graph` is the whole graph.
    public var whole: Graph?
    public var startMask: NodeMask?
    /// Metrics of the whole graph already computed (by the `--filter` given
    /// at start); nil: the explorer starts an empty store.
    public var metrics: MetricStore?
    /// Filtered-out nodes fade (drawn dimmed) instead of disappearing.
    public var fade = false
    /// `--session FILE`: restored at start (when it exists), saved on `:save` and on quit.
    public var sessionPath: String?
    /// The session read from `sessionPath`, already checked against the graph.
    public var session: Session?

    public init(source: String, graph: Graph) {
        self.source = source
        self.graph = graph
    }
}
