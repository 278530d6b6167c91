import GraphCore
import Layout
import TerminalGraphics

/// Everything `tangle FILE` decides before the screen is taken.
public struct ExplorerOptions: Sendable {
    /// What the title shows (the file name or demo:NAME).
    public var source: String
    public var graph: Graph
    public var initialPositions: LayoutPositions?
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

    public init(source: String, graph: Graph) {
        self.source = source
        self.graph = graph
    }
}

/// How nodes are coloured.
enum ColorBy: Equatable, Sendable {
    case community, degree
    case attribute(String)

    var title: String {
        switch self {
        case .community: return "community"
        case .degree: return "degree"
        case .attribute(let k): return k
        }
    }
}
