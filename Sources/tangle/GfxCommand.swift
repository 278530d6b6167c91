#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import TerminalGraphics

extension GraphicsMode: ExpressibleByArgument {}

extension Tangle {
    /// A hidden check of the terminal-graphics layer: writes a synthetic frame
    /// in a chosen encoding, or probes the terminal. scripts/e2e-xterm.sh
    /// runs it inside a real xterm.
    struct GfxTest: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gfx-test",
            abstract: "Write a synthetic frame as sixel/kitty/cells, or probe the terminal's graphics.",
            shouldDisplay: false)

        @Option(help: "Frame: graph, dense or quadrants.")
        var pattern = "quadrants"

        @Option(help: "Frame width in pixels (cells modes: pixels = cells × 1 or 2).")
        var width = 480

        @Option(help: "Frame height in pixels.")
        var height = 300

        @Option(help: "Encoding: sixel, libsixel, kitty, blocks or braille.")
        var encoding = "sixel"

        @Option(help: "Move the cursor to this 1-based ROW,COL first.")
        var at: String?

        @Option(name: .shortAndLong, help: "Write here instead of standard output.")
        var output: String?

        @Option(help: "Detect the terminal on /dev/tty, size the frame to this 0-based pane ROW,COL,ROWS,COLS and place it there (mode from --graphics).")
        var pane: String?

        @Option(help: "Also write the source frame here as binary PPM.")
        var sourcePpm: String?

        @Option(help: "With --pane: write the placement (mode, pane, pixels, cell) here.")
        var info: String?

        @Flag(help: "Probe the terminal on /dev/tty and print what it can show.")
        var probe = false

        @Option(help: "With --probe: also save the raw replies to this file.")
        var record: String?

        @Option(help: "With --probe: the --graphics override to resolve (auto|sixel|kitty|blocks|braille|none).")
        var graphics: GraphicsMode = .auto

        func run() throws {
            if probe { return try runProbe() }
            var width = self.width, height = self.height
            var encoding = self.encoding
            var placement: ImagePlacement? = nil
            if let pane {
                let p = pane.split(separator: ",").compactMap { Int($0) }
                guard p.count == 4 else { throw ValidationError("--pane: expected ROW,COL,ROWS,COLS, found '\(pane)'") }
                let (fd, caps) = try detectOnTTY()
                close(fd)
                let screen = caps.textArea ?? CellSize(columns: 80, rows: 24)
                let placed = ImagePlacement(pane: CellRect(row: p[0], column: p[1], rows: p[2], columns: p[3]),
                                            screen: screen, capabilities: caps, mode: graphics)
                width = placed.pixelSize.width; height = placed.pixelSize.height
                encoding = placed.mode == .blocks ? "blocks" : placed.mode.rawValue
                placement = placed
                if let info {
                    let text = "mode=\(placed.mode.rawValue) pane=\(placed.pane.row),\(placed.pane.column)," +
                        "\(placed.pane.rows),\(placed.pane.columns) pixels=\(placed.pixelSize) cell=\(placed.cellSize) " +
                        "screen=\(screen.columns)x\(screen.rows)\n"
                    try writeFile(info, Array(text.utf8))
                }
            }
            let palette = Palette.tangleDark
            let c = palette.colors
            let image: RGBAImage
            switch pattern {
            case "graph": image = TestPattern.graph(width: width, height: height, nodes: width * height / 90,
                                                    edges: width * height / 45, palette: palette)
            case "dense": image = TestPattern.dense(width: width, height: height, palette: palette)
            case "quadrants": image = TestPattern.quadrants(width: width, height: height,
                                                            colors: [c[5], c[6], c[7], c[8], c[14]])
            default: throw ValidationError("--pattern: expected graph|dense|quadrants, found '\(pattern)'")
            }
            var out: [UInt8] = []
            if let at {
                let parts = at.split(separator: ",").compactMap { Int($0) }
                guard parts.count == 2 else { throw ValidationError("--at: expected ROW,COL, found '\(at)'") }
                out.append(contentsOf: Array("\u{1B}[\(parts[0]);\(parts[1])H".utf8))
            }
            do {
                switch encoding {
                case "sixel": try SixelEncoder().encode(image, palette: palette, into: &out)
                case "libsixel": try LibSixelEncoder(mode: .fixedPalette).encode(image, palette: palette, into: &out)
                case "kitty":
                    let kitty = KittyEncoder()
                    if let placement { kitty.cells = (placement.pane.columns, placement.pane.rows) }
                    try kitty.encode(image, palette: palette, into: &out)
                case "blocks":
                    var b = HalfBlockBlitter()
                    b.blit(image, origin: CellPoint(row: 0, column: 0), into: &out)
                case "braille":
                    var b = BrailleBlitter()
                    b.blit(image, origin: CellPoint(row: 0, column: 0), into: &out)
                default:
                    throw ValidationError("--encoding: expected sixel|libsixel|kitty|blocks|braille, found '\(encoding)'")
                }
            } catch let error as TerminalGraphicsError {
                printError("tangle: \(error)")
                throw ExitCode(2)
            }
            if let sourcePpm {
                var ppm = Array("P6\n\(image.width) \(image.height)\n255\n".utf8)
                for y in 0..<image.height {
                    for x in 0..<image.width {
                        let p = image.rgb(x: x, y: y)
                        ppm.append(p.r); ppm.append(p.g); ppm.append(p.b)
                    }
                }
                try writeFile(sourcePpm, ppm)
            }
            if let placement {
                var framed: [UInt8] = []
                let cells = encoding == "blocks" || encoding == "braille"
                if cells {   // blitters position themselves at the pane's origin
                    out = []
                    if encoding == "blocks" {
                        var b = HalfBlockBlitter()
                        b.blit(image, origin: CellPoint(row: placement.pane.row, column: placement.pane.column), into: &out)
                    } else {
                        var b = BrailleBlitter()
                        b.blit(image, origin: CellPoint(row: placement.pane.row, column: placement.pane.column), into: &out)
                    }
                }
                placement.appendFrame(out, positioned: cells, into: &framed)
                out = framed
            }
            try emit(out)
        }

        private func detectOnTTY() throws -> (Int32, TerminalCapabilities) {
            let fd = open("/dev/tty", O_RDWR | O_NOCTTY)
            guard fd >= 0 else {
                printError("tangle: gfx-test: cannot open /dev/tty")
                throw ExitCode(2)
            }
            var env: [String: String] = [:]
            for key in ["TERM", "TERM_PROGRAM", "COLORTERM", "TMUX", "STY"] {
                if let v = getenv(key) { env[key] = String(cString: v) }
            }
            return (fd, TerminalCapabilities.detect(input: fd, output: fd, timeoutMs: 1000, environment: env))
        }

        private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
            guard let f = fopen(path, "w") else { throw ValidationError("cannot write \(path)") }
            fwrite(bytes, 1, bytes.count, f)
            fclose(f)
        }

        private func runProbe() throws {
            let (fd, caps) = try detectOnTTY()
            if let record {
                // A second round of queries, recorded raw (fixtures for the parser tests).
                try writeFile(record, TerminalCapabilities.query(input: fd, output: fd, timeoutMs: 1000))
            }
            close(fd)
            let text = """
                sixel=\(caps.sixel) registers=\(caps.sixelColorRegisters.map(String.init) ?? "-") \
                max=\(caps.sixelMaxSize?.description ?? "-") kitty=\(caps.kittyGraphics) \
                cell=\(caps.cellSize?.description ?? "-") sync=\(caps.synchronizedOutput) \
                truecolor=\(caps.truecolor) multiplexer=\(caps.multiplexer.rawValue) \
                version=\(caps.terminalVersion ?? "-") mode=\(graphics.resolved(for: caps).rawValue)

                """
            try emit(Array(text.utf8))
        }

        private func emit(_ bytes: [UInt8]) throws {
            if let output {
                try writeFile(output, bytes)
            } else {
                var offset = 0
                while offset < bytes.count {
                    let n = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
                    if n <= 0 { throw ExitCode(1) }
                    offset += n
                }
            }
        }
    }
}
