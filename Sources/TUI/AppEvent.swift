import FrameBus
import GraphCore
import Layout
import StreamInterface

/// Everything that can happen to the explorer. The loop turns each input
/// source into these and hands them, one at a time, to
/// `ExplorerState.update`; nothing else changes the state.
public enum AppEvent: Sendable {
    /// A key, mouse report or reply read from the terminal.
    case input(TerminalInput)
    /// The terminal's size (SIGWINCH, and once at start).
    case resize(TerminalGeometry)
    /// The terminal was given back to us (SIGCONT after Ctrl-Z): repaint all of it.
    case redraw
    /// An interrupting signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT).
    case signal(Int32)
    /// A new layout snapshot of the graph shown (`graph` tells which: a
    /// snapshot of the graph shown before a filter changed it is dropped).
    case layout(LayoutSnapshot, graph: ObjectIdentifier)
    /// The shown graph's statistics, computed in the background.
    case statistics(GraphStatistics, graph: ObjectIdentifier)
    /// A session read by `:open`, checked against the graph.
    case sessionOpened(Session, path: String)
    /// A filter evaluated on the whole graph, and what it selects.
    case filterEvaluated(Filter, NodeMask)
    /// The explorer now shows this view of the whole graph, laid out from this snapshot.
    case rebased(ExplorerContext, LayoutSnapshot)
    /// A view asked for (`Effect.showFilter`) could not be built; why.
    case viewNotBuilt(String)
    /// A picture the render thread finished.
    case picture(PictureResult)
    /// The terminal writer finished a write.
    case written(WriteReport)
    /// Pointer, wheel or key from a browser viewer (through the FrameBus).
    case browser(InteractionEvent)
    /// The side server's news.
    case server(ServerEvent)
    /// A line for the status bar from a runner (a file written, or why not).
    case notice(String)
    /// The snapshot's PNG file, created: the next picture is written into it.
    case snapshotPNG(NewFile)
    /// A deadline passed (camera animation, paced frame, message expiry).
    case tick
}

/// The terminal's size in cells and, when it tells, in pixels.
public struct TerminalGeometry: Equatable, Sendable {
    public var columns: Int
    public var rows: Int
    public var xPixels: Int
    public var yPixels: Int
    public init(columns: Int, rows: Int, xPixels: Int = 0, yPixels: Int = 0) {
        self.columns = columns; self.rows = rows; self.xPixels = xPixels; self.yPixels = yPixels
    }
}

public enum ServerEvent: Sendable, Equatable {
    /// Listening: the URL with its token and the ssh line to run where the browser is.
    case listening(ServeAnnouncement)
    /// It stopped or could not start.
    case ended(String)
}

/// What a write did: when it started, how long the writes blocked, and the
/// picture it carried (for the frame log and the fps shown).
public struct WriteReport: Sendable, Equatable {
    public var bytes: Int
    public var startedAt: Double
    public var seconds: Double
    public var picture: PictureInfo?
    /// The write's number (`WriteJob.seq`).
    public var seq = 0
}

/// A picture as written: its request's timings and the last input it shows.
public struct PictureInfo: Sendable, Equatable {
    public var renderMs: Double
    public var encodeMs: Double
    public var bytes: Int
    public var divisor: Int
    public var detail: String
    /// The sequence number of the last input (key, click, browser event) the picture includes.
    public var inputSeq: Int
    /// When the picture was asked for (its content's time), and the write that carried it.
    public var requestedAt = 0.0
    public var writeSeq = 0
}

/// What `update` asks the outside world to do. Small runners carry these
/// out; none of them changes the state directly (their results come back
/// as events).
public enum Effect: Sendable {
    case render(PictureRequest)
    /// Picture `id` was given up: its thread stops drawing it (a full-detail
    /// frame between batches of edges) and goes on to the next.
    case cancelRender(Int)
    case write(WriteJob)
    case layout(LayoutCommand)
    case startServer
    case stopServer
    /// What `/stats.json` shows beside the shared segment.
    case publishStatus(StreamStatus)
    /// The `w` snapshot: new files STEM.csv and STEM.png in `directory`
    /// (never an existing file, never through a link); the CSV gets the
    /// positions now, the PNG the next picture (`.snapshotPNG` comes back).
    case writeSnapshot(LayoutPositions, stem: String, directory: String?)
    /// A line for the frame log (`TANGLE_FRAME_LOG`).
    case logFrame(String)
    /// Evaluate a filter on the whole graph (in the background: metrics take time).
    case evaluateFilter(Filter)
    /// Show the subgraph `mask` selects (the filter's text, nil: everything):
    /// a new layout on it, starting from the positions nodes had.
    case showFilter(String?, NodeMask, fade: Bool)
    /// `:save`: write this session to `path` (atomically; a session of
    /// another graph there is never overwritten).
    case saveSession(Session, path: String)
    /// `:open FILE`: read a session and, when it is of this graph, show it.
    case openSession(String)
    /// Leave the loop with this status.
    case exit(Int32)
}

/// Commands for the layout thread.
public enum LayoutCommand: Sendable, Equatable {
    case pause, resume, step
    case algorithm(LayoutAlgorithm)
    case parameters(LayoutParameters)
    /// Take no new step while a frame renders (see `LayoutRunner.yieldToForeground`).
    case yield(Bool)
}

/// Bytes for the terminal, in the one order everything reaches it: text
/// (the screen buffer's changes), then the picture.
public struct WriteJob: Sendable, Equatable {
    public var bytes: [UInt8]
    /// The picture in this write, if any.
    public var picture: PictureInfo?
    /// Writes are numbered from 1 in the order they reach the terminal.
    public var seq = 0
}
