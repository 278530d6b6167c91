import ArgumentParser
import Foundation
import GraphCore
import Layout
import TerminalGraphics
import TUI

extension Tangle {
    struct Explore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "explore",
            abstract: "Open the explorer (the default: `tangle FILE`; `tangle` alone opens demo:lesmis).",
            discussion: """
                The picture uses the best graphics the terminal has (sixel, kitty, else Unicode \
                blocks); press ? inside for every key. Frames are also published to shared memory, \
                so `s` (or --serve) can share the live view with a browser.
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var filterOption: FilterOption

        @Option(help: ArgumentHelp("Terminal graphics.", valueName: GraphicsMode.allCases.map(\.rawValue).joined(separator: "|")))
        var graphics: String = "auto"

        @Option(help: "Theme name (dark, light, solarized-dark, high-contrast, or one in $XDG_CONFIG_HOME/tangle/themes).")
        var theme = "dark"

        @Option(help: ArgumentHelp("Start from (or just show) positions computed elsewhere: CSV id,x,y[,z].", valueName: "CSV"))
        var positions: String?

        @Option(help: ArgumentHelp("Layout algorithm (default: ForceAtlas2, multilevel above 2500 nodes).",
                                   valueName: LayoutAlgorithm.allCases.map(\.rawValue).joined(separator: "|")))
        var algorithm: String?

        @Option(help: ArgumentHelp("Layout dimension.", valueName: "2|3"))
        var dim = 2

        @Flag(help: "Start with the layout paused.")
        var paused = false

        @Option(help: "Frames per second to aim for (1–60).")
        var fps = 20.0

        @Flag(help: "Start the browser side server at once (as pressing s).")
        var serve = false

        @Option(help: "Port for the side server.")
        var port = 8765

        @Option(help: "Address the side server listens on (loopback unless you mean otherwise).")
        var bind = "127.0.0.1"

        @Option(help: ArgumentHelp("Directory `w` writes its CSV and PNG into (default: the working directory). Files are always new: an existing name or a link is never written through; a fresh name is taken.",
                                   valueName: "DIR"))
        var snapshotDir: String?

        @Option(help: ArgumentHelp("Restore the view from this session file when it exists (positions, camera, filter, colour/size/label mappings, selection, theme) and save it there on :save and on quit. A session of another graph is refused and left as it is.",
                                   valueName: "FILE"))
        var session: String?

        func validate() throws {
            guard GraphicsMode(argument: graphics) != nil else {
                throw ValidationError("--graphics must be one of \(GraphicsMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard dim == 2 || dim == 3 else { throw ValidationError("--dim must be 2 or 3") }
            guard (1...60).contains(fps) else { throw ValidationError("--fps must be 1–60") }
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
            if let snapshotDir {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: snapshotDir, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw ValidationError("--snapshot-dir \(snapshotDir) is not a directory")
                }
            }
            if let algorithm, LayoutAlgorithm(rawValue: algorithm) == nil {
                throw ValidationError("--algorithm must be one of \(LayoutAlgorithm.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            _ = try filterOption.parsed()
            let whole = try runReporting { try input.load() }
            // A session of this graph, or none; one of another graph stops here, touching nothing.
            var restored: Session?
            if let session, FileManager.default.fileExists(atPath: session) {
                let s = try runReporting { try Session.read(session) }
                if let why = s.mismatch(with: whole, path: session) {
                    printError("tangle: " + why)
                    throw ExitCode(2)
                }
                restored = s
            }
            // The explorer shows the induced subgraph; a wrong name or node id is
            // reported (at its column, exit 2) before the screen is taken.
            var filterOption = self.filterOption
            if let restored {
                filterOption.filter = ExplorerState.effectiveFilter(restored.filter, hidden: restored.hidden)
            }
            // One store: the metrics the start filter computed are the explorer's.
            let store = MetricStore(graph: whole)
            let (subgraph, mask) = try filterOption.apply(to: whole, store: store)
            let fade = restored?.fade ?? false
            let graph = fade ? whole : subgraph
            var options = ExplorerOptions(source: input.file, graph: graph)
            options.filter = filterOption.filter
            if mask != nil {
                options.whole = whole
                options.startMask = mask
                options.fade = fade
            }
            options.metrics = store
            options.sessionPath = session
            options.session = restored
            let carried = FileLayout(graph)
            if let restored {
                // Not shown as "positions from FILE": a reopened session shows the panel it saved.
                options.initialPositions = restored.positions(on: graph)
                options.paused = restored.paused
                options.algorithm = LayoutAlgorithm(rawValue: restored.algorithm)
            } else if let positions {
                options.initialPositions = try runReporting { try PositionsFile.read(positions, graph: graph) }
                options.positionsSource = positions
                options.paused = true
            } else if let p = carried.positions(dimension: dim) {
                // A file that carries a layout shows it; nothing runs until asked.
                options.initialPositions = p
                options.positionsSource = carried.positionsSource
                options.paused = true
            }
            options.initialColors = carried.colors
            options.initialSizes = carried.radii
            options.algorithm = algorithm.flatMap(LayoutAlgorithm.init(rawValue:)) ?? options.algorithm
            options.parameters.dimension = restored?.dimension ?? dim
            options.graphicsMode = GraphicsMode(argument: graphics) ?? .auto
            options.themeName = restored?.theme ?? theme
            options.paused = options.paused || paused
            options.targetFPS = fps
            options.serve = serve
            options.servePort = port
            options.serveBind = bind
            options.snapshotDirectory = snapshotDir
            let status: Int32
            do {
                let explorer = try Explorer(options: options)
                status = try explorer.run()
            } catch let error as ScreenError {
                printError("tangle: \(error)")
                throw ExitCode(2)
            } catch let error as GraphError {
                printError("tangle: \(error)")
                throw ExitCode(2)
            }
            if status != 0 { throw ExitCode(status) }
        }
    }
}
