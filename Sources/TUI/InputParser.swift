/// Turns the bytes a terminal sends into keys, mouse reports and replies.
///
/// Bytes arrive in arbitrary pieces (a read may end inside an escape
/// sequence or a UTF-8 character), so the parser keeps what it cannot decode
/// yet. A lone ESC is the Escape key only when nothing follows it within
/// `escapeDelay`: `pendingDeadline` tells the loop when to call `flush`.
/// Understands what xterm, tmux, kitty, foot and the Linux console send:
/// CSI and SS3 cursor keys (with modifiers), `~` keys, back-tab, SGR (1006)
/// and X10 mouse reports, cursor position and device attribute replies.
public struct InputParser: Sendable {
    public static let escapeDelay = 0.025
    private var buffer: [UInt8] = []
    /// When the bytes held (an ESC or an unfinished sequence) stop waiting
    /// for the rest; nil when nothing is held.
    public private(set) var pendingDeadline: Double?
    /// Sequences longer than this are garbage, not a slow terminal.
    static let maxSequence = 64

    public init() {}

    /// Decodes `bytes` (read at `now`); what is unfinished waits.
    public mutating func feed(_ bytes: some Sequence<UInt8>, now: Double) -> [TerminalInput] {
        buffer.append(contentsOf: bytes)
        var out: [TerminalInput] = []
        parse(into: &out, final: false)
        pendingDeadline = buffer.isEmpty ? nil : (pendingDeadline ?? now + Self.escapeDelay)
        return out
    }

    /// Gives up waiting at `now` if the deadline passed: a held ESC becomes
    /// the Escape key and what follows it is read as plain keys.
    public mutating func flush(now: Double) -> [TerminalInput] {
        guard let deadline = pendingDeadline, now >= deadline else { return [] }
        var out: [TerminalInput] = []
        parse(into: &out, final: true)
        pendingDeadline = nil
        return out
    }

    private mutating func parse(into out: inout [TerminalInput], final: Bool) {
        var i = 0
        let b = buffer
        while i < b.count {
            let (consumed, input) = decode(b, at: i, final: final)
            if consumed == 0 { break }  // unfinished: wait for more
            if let input { out.append(contentsOf: input) }
            i += consumed
        }
        buffer.removeFirst(i)
        if i > 0 { pendingDeadline = nil }
    }

    /// Decodes one item at `i`: (bytes used, what they mean); (0, nil) when
    /// more bytes are needed and `final` is false.
    private func decode(_ b: [UInt8], at i: Int, final: Bool) -> (Int, [TerminalInput]?) {
        let c = b[i]
        switch c {
        case 0x1B:
            guard i + 1 < b.count else { return final ? (1, [.key(.escape)]) : (0, nil) }
            let next = b[i + 1]
            if next == UInt8(ascii: "[") { return csi(b, at: i, final: final) }
            if next == UInt8(ascii: "P") || next == UInt8(ascii: "_") || next == UInt8(ascii: "]")
                || next == UInt8(ascii: "^") || next == UInt8(ascii: "X") {
                return stringSequence(b, at: i, final: final)
            }
            if next == UInt8(ascii: "O") {
                guard i + 2 < b.count else { return final ? (1, [.key(.escape)]) : (0, nil) }
                if let key = ss3(b[i + 2]) { return (3, [.key(key)]) }
                return (1, [.key(.escape)])
            }
            // ESC then a key (Alt-key, or Escape typed just before it): the Escape key, then that key.
            return (1, [.key(.escape)])
        case 0x0D, 0x0A: return (1, [.key(.enter)])
        case 0x09: return (1, [.key(.tab)])
        case 0x7F, 0x08: return (1, [.key(.backspace)])
        case 0x00: return (1, nil)
        case 0x01...0x1A: return (1, [.key(.control(Unicode.Scalar(c + 0x60)))])
        case 0x1C...0x1F: return (1, nil)
        case 0x20...0x7E: return (1, [.key(.char(Unicode.Scalar(c)))])
        default:
            return utf8(b, at: i, final: final)
        }
    }

    private func utf8(_ b: [UInt8], at i: Int, final: Bool) -> (Int, [TerminalInput]?) {
        let c = b[i]
        let length: Int
        switch c {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (1, nil)  // a stray continuation or invalid lead byte
        }
        guard i + length <= b.count else {
            // Wait for the rest, unless what is there already cannot continue.
            for k in (i + 1)..<b.count where b[k] & 0xC0 != 0x80 { return (1, nil) }
            return final ? (b.count - i, nil) : (0, nil)
        }
        var value = UInt32(c) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            let cc = b[i + k]
            guard cc & 0xC0 == 0x80 else { return (1, nil) }
            value = value << 6 | UInt32(cc & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value), value >= 0xA0 else { return (length, nil) }
        return (length, [.key(.char(scalar))])
    }

    /// DCS, APC, OSC, PM and SOS: replies (XTVERSION, kitty's graphics
    /// answer, colours) that may arrive after detection gave up waiting.
    /// Swallowed whole, up to ST (ESC \) or BEL, so none of their letters
    /// become keys.
    private func stringSequence(_ b: [UInt8], at i: Int, final: Bool) -> (Int, [TerminalInput]?) {
        var j = i + 2
        while j < b.count {
            if b[j] == 0x07 { return (j - i + 1, nil) }
            if b[j] == 0x1B {
                guard j + 1 < b.count else { break }
                if b[j + 1] == UInt8(ascii: "\\") { return (j - i + 2, nil) }
            }
            j += 1
            if j - i > 4096 { return (j - i, nil) }  // no terminal replies at this length: garbage
        }
        return final ? (b.count - i, nil) : (0, nil)
    }

    private func ss3(_ f: UInt8) -> Key? {
        switch f {
        case UInt8(ascii: "A"): return .up
        case UInt8(ascii: "B"): return .down
        case UInt8(ascii: "C"): return .right
        case UInt8(ascii: "D"): return .left
        case UInt8(ascii: "H"): return .home
        case UInt8(ascii: "F"): return .end
        case UInt8(ascii: "M"): return .enter
        case UInt8(ascii: "P")...UInt8(ascii: "S"): return .function(Int(f) - Int(UInt8(ascii: "P")) + 1)
        default: return nil
        }
    }

    /// ESC [ prefix? params intermediates final.
    private func csi(_ b: [UInt8], at i: Int, final: Bool) -> (Int, [TerminalInput]?) {
        var j = i + 2
        var prefix: UInt8 = 0
        if j < b.count, b[j] == UInt8(ascii: "<") || b[j] == UInt8(ascii: "?") || b[j] == UInt8(ascii: ">") || b[j] == UInt8(ascii: "=") {
            prefix = b[j]; j += 1
        }
        var params: [Int] = []
        var current: Int? = nil
        while j < b.count {
            let c = b[j]
            if c >= 0x30 && c <= 0x39 {
                current = min((current ?? 0) * 10 + Int(c - 0x30), 1_000_000)
            } else if c == UInt8(ascii: ";") || c == UInt8(ascii: ":") {
                params.append(current ?? 0); current = nil
            } else if c >= 0x20 && c <= 0x2F {
                // intermediate byte: no key of ours uses one; skip it
            } else if c >= 0x40 && c <= 0x7E {
                if let current { params.append(current) }
                return finishCSI(b, start: i, end: j, prefix: prefix, params: params, final: c, flush: final)
            } else {
                // Not a CSI after all (a control byte inside): Escape, then the rest as keys.
                return (1, [.key(.escape)])
            }
            j += 1
            if j - i > Self.maxSequence { return (j - i, nil) }
        }
        return final ? (1, [.key(.escape)]) : (0, nil)
    }

    private func finishCSI(_ b: [UInt8], start i: Int, end j: Int, prefix: UInt8, params: [Int], final f: UInt8,
                           flush: Bool) -> (Int, [TerminalInput]?) {
        let used = j - i + 1
        let p = { (k: Int, d: Int) -> Int in k < params.count && params[k] != 0 ? params[k] : d }
        if prefix == UInt8(ascii: "<") {
            guard f == UInt8(ascii: "M") || f == UInt8(ascii: "m"), params.count >= 3 else { return (used, nil) }
            return (used, [.mouse(Self.mouse(code: params[0], column: params[1] - 1, row: params[2] - 1,
                                               released: f == UInt8(ascii: "m")))])
        }
        if prefix == UInt8(ascii: "?") {
            return (used, f == UInt8(ascii: "c") ? [.reply(.deviceAttributes(params))] : nil)
        }
        if prefix != 0 { return (used, nil) }
        let modifiers = max(0, p(1, 1) - 1)
        let shift = modifiers & 1 != 0
        switch f {
        case UInt8(ascii: "A"): return (used, [.key(shift ? .shiftUp : .up)])
        case UInt8(ascii: "B"): return (used, [.key(shift ? .shiftDown : .down)])
        case UInt8(ascii: "C"): return (used, [.key(shift ? .shiftRight : .right)])
        case UInt8(ascii: "D"): return (used, [.key(shift ? .shiftLeft : .left)])
        case UInt8(ascii: "H"): return (used, [.key(.home)])
        case UInt8(ascii: "F"): return (used, [.key(.end)])
        case UInt8(ascii: "Z"): return (used, [.key(.backTab)])
        case UInt8(ascii: "P"), UInt8(ascii: "Q"), UInt8(ascii: "S"):
            return (used, [.key(.function(Int(f) - Int(UInt8(ascii: "P")) + 1))])
        case UInt8(ascii: "R"):
            // A cursor position report (F3 with modifiers shares the shape; nothing here binds it).
            return (used, [.reply(.cursorPosition(row: p(0, 1), column: p(1, 1)))])
        case UInt8(ascii: "M") where params.isEmpty:
            // X10 mouse: three more bytes, each value + 32.
            guard j + 3 < b.count else { return flush ? (used, nil) : (0, nil) }
            let code = Int(b[j + 1]) - 32, column = Int(b[j + 2]) - 33, row = Int(b[j + 3]) - 33
            let released = code & 3 == 3 && code & 64 == 0
            return (used + 3, [.mouse(Self.mouse(code: code, column: column, row: row, released: released))])
        case UInt8(ascii: "~"):
            let key: Key?
            switch p(0, 0) {
            case 1, 7: key = .home
            case 2: key = .insert
            case 3: key = .delete
            case 4, 8: key = .end
            case 5: key = .pageUp
            case 6: key = .pageDown
            case 11...15: key = .function(p(0, 0) - 10)
            case 17...21: key = .function(p(0, 0) - 11)
            case 23, 24: key = .function(p(0, 0) - 12)
            default: key = nil
            }
            return (used, key.map { [.key($0)] })
        default:
            return (used, nil)
        }
    }

    /// An xterm mouse button code (SGR or X10) as a mouse event.
    static func mouse(code: Int, column: Int, row: Int, released: Bool) -> MouseEvent {
        let shift = code & 4 != 0, alt = code & 8 != 0, control = code & 16 != 0
        let motion = code & 32 != 0
        let low = code & 3
        let kind: MouseEvent.Kind
        var button = 0
        if code & 64 != 0 {
            kind = low == 0 ? .wheelUp : low == 1 ? .wheelDown : .move
        } else if motion {
            if low == 3 { kind = .move } else { kind = .drag; button = low + 1 }
        } else if released || low == 3 {
            kind = .release
            button = low == 3 ? 0 : low + 1
        } else {
            kind = .press
            button = low + 1
        }
        return MouseEvent(kind: kind, column: max(0, column), row: max(0, row), button: button,
                          shift: shift, control: control, alt: alt)
    }
}
