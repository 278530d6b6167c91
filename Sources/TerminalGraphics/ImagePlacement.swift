/// A rectangle of cells, 0-based.
public struct CellRect: Equatable, Sendable {
    public var row: Int
    public var column: Int
    public var rows: Int
    public var columns: Int
    public init(row: Int, column: Int, rows: Int, columns: Int) {
        self.row = row; self.column = column; self.rows = rows; self.columns = columns
    }
}

/// Where the picture goes and how many pixels it has: the image exactly fills
/// the picture pane (cells × cell pixels), capped by the terminal's sixel
/// maximum, never touching the screen's bottom row (a sixel reaching it
/// scrolls the screen: the cursor drops below the image), written at an
/// explicit cursor position, erased before a resize.
public struct ImagePlacement: Equatable, Sendable {
    /// The resolved mode (never `.auto`).
    public let mode: GraphicsMode
    /// The cells the picture covers, clamped to the screen and off its bottom row.
    public let pane: CellRect
    /// Pixels of one cell used for the sizing.
    public let cellSize: PixelSize
    /// The frame size to render at full detail.
    public let pixelSize: PixelSize
    /// Wrap frames in synchronized output (mode 2026).
    public let synchronized: Bool
    /// Through tmux's passthrough: the pane's origin in the outer terminal.
    public let passthroughOrigin: CellOrigin?

    /// Cell pixels assumed when the terminal tells nothing (xterm's default font).
    public static let fallbackCellSize = PixelSize(width: 6, height: 13)

    /// Places a picture in `pane` on a screen of `screen` cells.
    public init(pane requested: CellRect, screen: CellSize, capabilities caps: TerminalCapabilities,
                mode requestedMode: GraphicsMode) {
        mode = requestedMode.resolved(for: caps)
        let row = max(0, min(requested.row, screen.rows - 1))
        let column = max(0, min(requested.column, screen.columns - 1))
        // Keep the last screen row free: nothing we draw may make the terminal scroll.
        let rows = max(0, min(requested.rows, screen.rows - 1 - row))
        let columns = max(0, min(requested.columns, screen.columns - column))
        pane = CellRect(row: row, column: column, rows: rows, columns: columns)
        cellSize = caps.cellSize ?? Self.fallbackCellSize
        passthroughOrigin = caps.passthroughOrigin
        synchronized = caps.synchronizedOutput && caps.passthroughOrigin == nil
        switch mode {
        case .sixel:
            var w = columns * cellSize.width, h = rows * cellSize.height
            if let cap = caps.sixelMaxSize { w = min(w, cap.width); h = min(h, cap.height) }
            // Whole sixel bands only: a partial last band could reach into the row below.
            pixelSize = PixelSize(width: w, height: h - h % 6)
        case .kitty:
            pixelSize = PixelSize(width: columns * cellSize.width, height: rows * cellSize.height)
        case .blocks:
            pixelSize = PixelSize(width: columns, height: rows * 2)
        case .braille:
            pixelSize = PixelSize(width: columns * 2, height: rows * 4)
        case .none, .auto:
            pixelSize = PixelSize(width: 0, height: 0)
        }
    }

    /// The frame size at a detail divisor (1 = full; 2 = half each way, …),
    /// used while moving when the link cannot keep up. Sixel frames are then
    /// sent with `SixelEncoder.pixelRepeat = divisor`, kitty frames are scaled
    /// by the terminal (`KittyEncoder.cells`), so either way the pane stays filled.
    public func renderSize(divisor: Int) -> PixelSize {
        let d = max(1, divisor)
        switch mode {
        case .sixel, .kitty: return PixelSize(width: pixelSize.width / d, height: pixelSize.height / d)
        default: return pixelSize
        }
    }

    /// Appends one frame: synchronized-output start (when the terminal has it),
    /// the cursor to the pane's top-left cell, the payload, SGR 0, and the end.
    /// Cell blitters position themselves; pass their output with `positioned: true`.
    /// Appends `payload` (a sixel or kitty image) placed at `row`, `column`
    /// of the screen: a cursor move and the image, or both wrapped for
    /// tmux's passthrough at the outer terminal's coordinates.
    public func appendPlaced(_ payload: [UInt8], row: Int, column: Int, into out: inout [UInt8]) {
        if let origin = passthroughOrigin {
            var inner: [UInt8] = []
            inner.appendCursorMove(row: origin.row + row, col: origin.column + column)
            inner.append(contentsOf: payload)
            out.appendTmuxPassthrough(inner)
        } else {
            out.appendCursorMove(row: row, col: column)
            out.append(contentsOf: payload)
        }
    }

    public func appendFrame(_ payload: [UInt8], positioned: Bool = false, into out: inout [UInt8]) {
        if !positioned, passthroughOrigin != nil {
            appendPlaced(payload, row: pane.row, column: pane.column, into: &out)
            out.append(contentsOf: TerminalSequences.resetAttributes)
            return
        }
        if synchronized { out.append(contentsOf: TerminalSequences.beginSynchronized) }
        if !positioned { out.appendCursorMove(row: pane.row, col: pane.column) }
        out.append(contentsOf: payload)
        out.append(contentsOf: TerminalSequences.resetAttributes)
        if synchronized { out.append(contentsOf: TerminalSequences.endSynchronized) }
    }

    /// Appends what removes this picture: kitty deletes its placement by id,
    /// the other modes erase the pane's cells (text over a sixel clears it).
    public func appendErase(kittyImageID: UInt32, into out: inout [UInt8]) {
        switch mode {
        case .kitty:
            out.append(contentsOf: Array("\u{1B}_Ga=d,d=i,i=\(kittyImageID),q=2\u{1B}\\".utf8))
        case .none, .auto:
            break
        default:
            out.append(contentsOf: TerminalSequences.resetAttributes)
            for r in 0..<pane.rows {
                out.appendCursorMove(row: pane.row + r, col: pane.column)
                out.append(contentsOf: [0x1B, 0x5B]); out.appendDecimal(pane.columns); out.append(0x58) // ECH
            }
        }
    }

    /// Appends the erase of `self` when `next` differs (a resize, a new pane
    /// layout, a mode change), so no picture is left behind. Cell blitters
    /// must also be `invalidate()`d then.
    public func appendTransition(to next: ImagePlacement, kittyImageID: UInt32, into out: inout [UInt8]) {
        guard next != self else { return }
        appendErase(kittyImageID: kittyImageID, into: &out)
    }
}
