import TangleBasics
/// What a person did to the picture. Raw values are part of the shared layout
/// (layout version 1); add cases, never renumber them.
public enum EventKind: UInt16, Sendable, CaseIterable {
    case pointerMove = 1
    case pointerDown = 2
    case pointerUp = 3
    case wheel = 4
    case keyDown = 5
    case keyUp = 6

    /// Moves may be coalesced or dropped when the queue is full; every other
    /// kind is kept, or counted when it cannot be.
    public var isCoalescable: Bool { self == .pointerMove }
}

/// Mouse buttons held, as a bit set.
public struct PointerButtons: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let primary = PointerButtons(rawValue: 1 << 0)
    public static let secondary = PointerButtons(rawValue: 1 << 1)
    public static let middle = PointerButtons(rawValue: 1 << 2)
}

/// Modifier keys held, as a bit set.
public struct KeyModifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let shift = KeyModifiers(rawValue: 1 << 0)
    public static let control = KeyModifiers(rawValue: 1 << 1)
    public static let alt = KeyModifiers(rawValue: 1 << 2)
    public static let meta = KeyModifiers(rawValue: 1 << 3)
}

/// One fixed-size interaction record (48 bytes in a 64-byte cell).
public struct InteractionEvent: Sendable, Equatable {
    public var kind: EventKind
    /// Position in the viewed image, 0…1 from the left and from the top.
    public var x: Float
    public var y: Float
    public var buttons: PointerButtons
    public var modifiers: KeyModifiers
    /// Wheel movement (for `.wheel`), in lines; positive is down/right.
    public var wheelX: Float
    public var wheelY: Float
    /// Key code (for `.keyDown`/`.keyUp`): a Unicode scalar for printable keys.
    public var keyCode: UInt32
    /// Who sent it (a client or process id chosen by the producer).
    public var source: UInt32
    /// Producer's own running count, so a consumer can see gaps per source.
    public var serial: UInt32
    /// CLOCK_MONOTONIC nanoseconds when it happened.
    public var timestamp: UInt64

    public init(kind: EventKind, x: Float = 0, y: Float = 0, buttons: PointerButtons = [],
                modifiers: KeyModifiers = [], wheelX: Float = 0, wheelY: Float = 0, keyCode: UInt32 = 0,
                source: UInt32 = 0, serial: UInt32 = 0, timestamp: UInt64 = monotonicNanos()) {
        self.kind = kind
        self.x = x
        self.y = y
        self.buttons = buttons
        self.modifiers = modifiers
        self.wheelX = wheelX
        self.wheelY = wheelY
        self.keyCode = keyCode
        self.source = source
        self.serial = serial
        self.timestamp = timestamp
    }

    static let wordCount = 6

    /// The record as six 64-bit words, stored with relaxed atomics.
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) {
        let w0 = UInt64(kind.rawValue) | UInt64(buttons.rawValue) << 16 | UInt64(modifiers.rawValue) << 32
        let w1 = UInt64(x.bitPattern) | UInt64(y.bitPattern) << 32
        let w2 = UInt64(wheelX.bitPattern) | UInt64(wheelY.bitPattern) << 32
        let w3 = UInt64(keyCode) | UInt64(source) << 32
        let w4 = UInt64(serial)
        return (w0, w1, w2, w3, w4, timestamp)
    }

    /// Decodes a record; nil for an unknown kind or a position that is not a
    /// finite number in 0…1 (a faulty or hostile producer).
    init?(words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        guard let kind = EventKind(rawValue: UInt16(truncatingIfNeeded: words.0)) else { return nil }
        let x = Float(bitPattern: UInt32(truncatingIfNeeded: words.1))
        let y = Float(bitPattern: UInt32(truncatingIfNeeded: words.1 >> 32))
        let wx = Float(bitPattern: UInt32(truncatingIfNeeded: words.2))
        let wy = Float(bitPattern: UInt32(truncatingIfNeeded: words.2 >> 32))
        guard x >= 0, x <= 1, y >= 0, y <= 1, wx.isFinite, wy.isFinite else { return nil }
        self.kind = kind
        self.x = x
        self.y = y
        self.buttons = PointerButtons(rawValue: UInt16(truncatingIfNeeded: words.0 >> 16))
        self.modifiers = KeyModifiers(rawValue: UInt16(truncatingIfNeeded: words.0 >> 32))
        self.wheelX = wx
        self.wheelY = wy
        self.keyCode = UInt32(truncatingIfNeeded: words.3)
        self.source = UInt32(truncatingIfNeeded: words.3 >> 32)
        self.serial = UInt32(truncatingIfNeeded: words.4)
        self.timestamp = words.5
    }
}
