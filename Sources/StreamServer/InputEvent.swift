import FrameBus

/// What a person did in the browser, checked and normalised, ready for the
/// explorer's event queue. Mirrors FrameBus's `InteractionEvent`; the
/// FrameBus adapter converts one to the other.
public struct InputEvent: Sendable, Equatable {
    public enum Kind: Sendable, Equatable, CaseIterable {
        case pointerMove
        case pointerDown
        case pointerUp
        case doubleClick
        case wheel
        case keyDown
        case keyUp
    }

    /// Mouse buttons and modifier keys: the very bit sets the FrameBus queue carries.
    public typealias Buttons = PointerButtons
    public typealias Modifiers = KeyModifiers

    public var kind: Kind
    /// Position in the image, 0…1 from the left and from the top.
    public var x: Float
    public var y: Float
    /// For moves: the buttons held. For down, up and double-click: the button
    /// that changed (one bit).
    public var buttons: Buttons
    public var modifiers: Modifiers
    /// Wheel movement in lines; positive is down/right.
    public var wheelX: Float
    public var wheelY: Float
    /// For keys: a Unicode scalar, or a ``StreamInterface/WebKey`` code.
    public var keyCode: UInt32
    /// For pointer-down: 1 for a single press, 2 for the second press of a double-click (DOM `detail`).
    public var clickCount: UInt32
    /// Which browser connection sent it.
    public var source: UInt32
    /// That connection's running count (1, 2, …), so order and gaps are visible.
    public var serial: UInt32
    /// CLOCK_MONOTONIC nanoseconds when the server received it.
    public var timestamp: UInt64

    public init(kind: Kind, x: Float = 0, y: Float = 0, buttons: Buttons = [], modifiers: Modifiers = [],
                wheelX: Float = 0, wheelY: Float = 0, keyCode: UInt32 = 0, clickCount: UInt32 = 0, source: UInt32 = 0, serial: UInt32 = 0,
                timestamp: UInt64 = 0) {
        self.kind = kind
        self.x = x
        self.y = y
        self.buttons = buttons
        self.modifiers = modifiers
        self.wheelX = wheelX
        self.wheelY = wheelY
        self.keyCode = keyCode
        self.clickCount = clickCount
        self.source = source
        self.serial = serial
        self.timestamp = timestamp
    }
}
