/// A key, whichever side it came from: the terminal (decoded by
/// `InputParser`) or a browser viewer (mapped from its web key code). The
/// keymap binds these, so a key does the same thing from either side.
public enum Key: Hashable, Sendable {
    /// A printable character.
    case char(Unicode.Scalar)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case enter, tab, backTab, backspace, escape, delete, insert, home, end, pageUp, pageDown
    /// Control and a letter, by the letter ("r" for Ctrl-R).
    case control(Unicode.Scalar)
    /// F1…F12.
    case function(Int)

    /// `.char` from a one-scalar string literal: `Key.c("q")`.
    public static func c(_ s: Unicode.Scalar) -> Key { .char(s) }
}

/// A mouse report from the terminal, in cells (0-based).
public struct MouseEvent: Equatable, Sendable {
    public enum Kind: Equatable, Sendable { case press, release, drag, move, wheelUp, wheelDown }
    public var kind: Kind
    public var column: Int
    public var row: Int
    /// 1 left, 2 middle, 3 right; 0 for none (moves, wheel).
    public var button: Int
    public var shift = false, control = false, alt = false

    public init(kind: Kind, column: Int, row: Int, button: Int = 0, shift: Bool = false, control: Bool = false, alt: Bool = false) {
        self.kind = kind; self.column = column; self.row = row; self.button = button
        self.shift = shift; self.control = control; self.alt = alt
    }
}

/// What the terminal says back when asked (flow control and detection).
public enum TerminalReply: Equatable, Sendable {
    /// Cursor position report (`ESC [ row ; col R`), 1-based.
    case cursorPosition(row: Int, column: Int)
    /// Primary device attributes (`ESC [ ? … c`).
    case deviceAttributes([Int])
}

/// One thing read from the terminal.
public enum TerminalInput: Equatable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    case reply(TerminalReply)
}
