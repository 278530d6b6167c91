import ArgumentParser
import Foundation
import GraphCore
import Render

extension Tangle {
    /// `tangle render`: a headless snapshot of a graph, for scripts, papers and docs.
    struct RenderCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Draw a graph to a PNG or JPEG file.",
            discussion: """
                Positions come from --positions (a CSV with columns id,x,y[,z]), else from the file \
                (GEXF viz:position, x/y node attributes, GML graphics), else from --layout. \
                Colour and size: --color-by and --size-by take auto, file, degree, community, none, any metric \
                of the filter language (kcore, pagerank, clustering, betweenness, component, indegree, \
                outdegree) or a node attribute (auto: the file's viz:color and viz:size when it has them, \
                else community and degree). Numbers are coloured on the theme's continuous ramp (the legend \
                shows the name, min and max), labels with its categorical palette; sizes need numbers. \
                With --filter only the selected nodes are drawn; values come from the whole graph. \
                Themes: \(ThemeLibrary.builtinNames.joined(separator: ", ")), or your own in \
                $XDG_CONFIG_HOME/tangle/themes (see themes/README.md).
                """)

        @OptionGroup var input: InputOptions
        @OptionGroup var filterOption: FilterOption

        @Option(name: .shortAndLong, help: ArgumentHelp("Image to write: .png, .jpg or .six (sixel, for the terminal).", valueName: "FILE"))
        var output: String

        @Option(help: "Width in pixels.") var width = 1280
        @Option(help: "Height in pixels.") var height = 720
        @Option(help: "Theme name or theme file.") var theme = ThemeLibrary.defaultName
        @Option(help: ArgumentHelp("Draw in 2 or 3 dimensions.", valueName: "2|3")) var dim = 2
        @Option(help: ArgumentHelp("Layout algorithm when no --positions are given.", valueName: "ALGO"))
        var layout = RenderLayout.defaultName
        @Option(help: "Layout iterations (for iterative layouts).") var iterations: Int?
        @Option(help: "Random seed for layouts and communities.") var seed: UInt64 = 1
        @Option(help: ArgumentHelp("Node positions: CSV with header id,x,y[,z].", valueName: "CSV"))
        var positions: String?
        @Option(name: .customLong("color-by"), help: ArgumentHelp("Colour nodes by this (auto: the file's viz:color, else community).", valueName: "auto|file|degree|community|none|METRIC|ATTR"))
        var colorBy = "auto"
        @Option(name: .customLong("size-by"), help: ArgumentHelp("Size nodes by this (auto: the file's viz:size, else degree).", valueName: "auto|file|degree|none|METRIC|ATTR"))
        var sizeBy = "auto"
        @Option(name: .customLong("edge-color"), help: ArgumentHelp("Colour edges.", valueName: "endpoints|uniform|community"))
        var edgeColor = "endpoints"
        @Option(help: "Label this many of the highest-degree nodes.") var labels = 10
        @Flag(name: .customLong("no-edges"), help: "Leave edges out.") var noEdges = false
        @Flag(name: .customLong("no-legend"), help: "Leave the legend out.") var noLegend = false
        @Option(help: ArgumentHelp("Highlight this node (by id) and its neighbours.", valueName: "ID"))
        var select: String?
        @Option(help: ArgumentHelp("Ring and label nodes whose label or id contains TEXT.", valueName: "TEXT"))
        var search: String?
        @Option(help: "JPEG quality, 1–100.") var quality = 90
        @Option(help: ArgumentHelp("Detail: full, or interactive (what the explorer draws while the picture moves: the largest nodes as discs, the rest splatted).",
                                   valueName: "full|interactive"))
        var detail = "full"
        @Flag(help: "Print phase times to stderr, one line each: timing NAME WALL_MS cpu CPU_MS threads N. Phases: read, filter-* (with --filter), layout (or reading --positions), communities (or colour, for another --color-by), scene, renderer-setup, draw, encode, write.")
        var timing = false
        @Option(help: ArgumentHelp("With --timing: draw the frame this many times more, as the explorer redraws a still, and print each one's time and phases (timing again MS … prepare MS gl MS overlay MS).", valueName: "N"))
        var repeatFrames = 0

        func validate() throws {
            guard dim == 2 || dim == 3 else { throw ValidationError("--dim must be 2 or 3") }
            guard (16...16384).contains(width), (16...16384).contains(height) else {
                throw ValidationError("--width and --height must be 16…16384")
            }
            guard (0...1000).contains(repeatFrames) else { throw ValidationError("--repeat-frames must be 0…1000") }
            guard Renderer.Detail(rawValue: detail) != nil else { throw ValidationError("--detail must be full or interactive") }
            guard Scene.EdgeColoring(rawValue: edgeColor) != nil else {
                throw ValidationError("--edge-color must be endpoints, uniform or community")
            }
        }

        func run() throws {
            let sixel = output.lowercased().hasSuffix(".six") || output.lowercased().hasSuffix(".sixel")
            guard sixel || ImageEncoder.Format(fileName: output) != nil else {
                printError("tangle: \(output): unknown image type (expected .png, .jpg, .jpeg or .six)")
                throw ExitCode(2)
            }
            _ = try filterOption.parsed()
            let timer = timing ? PhaseTimer() : nil
            let whole = try runReporting { try input.load() }
            timer?.lap("read")
            let store = MetricStore(graph: whole, seed: seed)
            let (graph, mask) = try filterOption.apply(to: whole, store: store, timer: timer)
            let named = ThemeLibrary.named(theme)
            var chosen = named.0
            let warning = named.1
            if let warning { printError("tangle: \(warning)") }
            do {
                let carried = FileLayout(graph)
                // A positions file describes the whole graph; the shown nodes' rows are used.
                let coords = try positions.map { p in
                    let all = try RenderLayout.positions(fromFile: p, graph: whole, dimension: dim)
                    return mask.map { FilterOption.rows(all, $0.nodes, dim) } ?? all
                }
                    ?? carried.positions(dimension: dim)?.coordinates.map { Float($0) }
                    ?? RenderLayout.positions(graph, algorithm: layout, dimension: dim, iterations: iterations, seed: seed)
                timer?.lap("layout")
                var scene = try Scene(graph: graph, positions: coords, dimension: dim)
                try style(&scene, store, shown: mask?.nodes, carried, &chosen, timer: timer)
                scene.topLabels = max(labels, 0)
                scene.showEdges = !noEdges
                scene.edgeColoring = Scene.EdgeColoring(rawValue: edgeColor) ?? .endpoints
                if noLegend { scene.legend = nil }
                if let select {
                    guard let node = graph.node(withID: select) else { throw RenderError("--select: no node with id \"\(select)\"") }
                    scene.selected = node
                }
                if let search, !search.isEmpty {
                    let needle = search.lowercased()
                    scene.matches = (0..<graph.nodeCount).filter {
                        graph.nodeIDs[$0].lowercased().contains(needle) || graph.label(of: $0).lowercased().contains(needle)
                    }
                }
                timer?.lap("scene")
                let renderer = try Renderer(width: width, height: height)
                timer?.lap("renderer-setup")
                var camera = Camera(dimension: dim, width: width, height: height)
                camera.fit(positions: coords, dimension: dim, margin: 32, animated: false)
                let drawDetail = Renderer.Detail(rawValue: detail) ?? .full
                let frame = try renderer.render(scene, camera: camera, theme: chosen, detail: drawDetail)
                timer?.lap("draw")
                if let timer, repeatFrames > 0 {
                    for _ in 0..<repeatFrames {
                        _ = try renderer.render(scene, camera: camera, theme: chosen, detail: drawDetail)
                        let s = renderer.stats
                        timer.lap("again", extra: String(format: " prepare %.1f gl %.1f overlay %.1f edges %d nodes %d",
                                                         s.prepareMs, s.glMs, s.overlayMs, s.edgesDrawn, s.nodesDrawn))
                    }
                }
                let bytes = sixel ? try SixelFile.encode(frame, theme: chosen)
                    : try ImageEncoder.encode(frame, fileName: output, quality: quality)
                timer?.lap("encode")
                do { try OutputFile.write(bytes, to: output) } catch {
                    throw RenderError(file: output, "cannot write the file")
                }
                timer?.lap("write")
            } catch let error as RenderError {
                printError("tangle: \(error)")
                throw ExitCode(2)
            } catch let error as GraphError {
                printError("tangle: \(error)")
                throw ExitCode(2)
            }
        }

        /// Applies --color-by and --size-by: values of the whole graph
        /// (`store`), kept for the `shown` nodes (all when nil); the file's
        /// own colours (viz:color) become the theme's palette.
        private func style(_ scene: inout Scene, _ store: MetricStore, shown: [Int]?, _ carried: FileLayout,
                           _ theme: inout Theme, timer: PhaseTimer?) throws {
            let fileColors = carried.colorCategories()
            if colorBy == "file" && fileColors == nil {
                throw RenderError("--color-by file: the file gives no viz:color for every node (or more than 24 colours, a theme palette's most)")
            }
            if sizeBy == "file" && carried.radii == nil { throw RenderError("--size-by file: the file gives no viz:size for every node") }
            let colorBy = self.colorBy == "auto" ? (fileColors != nil ? "file" : "community") : self.colorBy
            let sizeBy = self.sizeBy == "auto" ? (carried.radii != nil ? "file" : "degree") : self.sizeBy
            var legend = Legend(color: colorBy == "file" ? "viz:color" : colorBy, entries: [],
                                size: sizeBy == "none" ? nil : sizeBy == "file" ? "viz:size" : sizeBy)
            var categories: [Int32]
            switch colorBy {
            case "file":
                let (fileCategories, palette) = fileColors!
                theme.palette = palette
                categories = fileCategories
                legend.entries = palette.map(\.hex)
            case "none":
                categories = Array(repeating: 0, count: scene.nodeCount)
            default:
                // The explorer's `color` command goes through the same mapping.
                let c = try NodeMapping.colouring(by: colorBy, store: store, shown: shown)
                categories = c.categories; legend.entries = c.entries; legend.colorScale = c.scale
            }
            // Communities (Louvain) are the usual cost here; other colourings say so.
            timer?.lap(colorBy == "community" ? "communities" : "colour")
            let r = NodeStyle.radiusRange(nodeCount: scene.nodeCount)
            let sizes: [Float]
            switch sizeBy {
            case "file": sizes = carried.radii!
            case "none": sizes = Array(repeating: (r.min + r.max) / 3, count: scene.nodeCount)
            default:
                let s = try NodeMapping.sizing(by: sizeBy, store: store, shown: shown)
                sizes = s.sizes; legend.sizeScale = s.scale
            }
            try scene.setStyle(categories: categories, sizes: sizes)
            scene.legend = colorBy == "none" && sizeBy == "none" ? nil : legend
        }
    }
}
