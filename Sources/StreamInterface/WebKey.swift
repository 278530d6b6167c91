/// Key codes for keys that arrive from a browser, as carried in an
/// interaction event's `keyCode`.
///
/// A printable key is its Unicode scalar ("a" is 97, "A" is 65). Keys without
/// a character use the C0 controls where one exists (Enter 13, Tab 9,
/// Escape 27, Backspace 8, Delete 127) and otherwise codes in the Unicode
/// private-use area from U+F700, in the order of the cases below. These raw
/// values are part of the contract with the explorer: add cases, never renumber.
public enum WebKey: UInt32, Sendable, CaseIterable {
    case backspace = 8
    case tab = 9
    case enter = 13
    case escape = 27
    case delete = 127
    case arrowUp = 0xF700
    case arrowDown = 0xF701
    case arrowLeft = 0xF702
    case arrowRight = 0xF703
    case f1 = 0xF704, f2, f3, f4, f5, f6, f7, f8, f9, f10, f11, f12
    case insert = 0xF727
    case home = 0xF729
    case end = 0xF72B
    case pageUp = 0xF72C
    case pageDown = 0xF72D

    /// The key named by a DOM `KeyboardEvent.key` value ("ArrowUp", "F5", …),
    /// or nil for a name this mapping does not carry.
    public init?(domName: String) {
        switch domName {
        case "Backspace": self = .backspace
        case "Tab": self = .tab
        case "Enter": self = .enter
        case "Escape", "Esc": self = .escape
        case "Delete", "Del": self = .delete
        case "ArrowUp", "Up": self = .arrowUp
        case "ArrowDown", "Down": self = .arrowDown
        case "ArrowLeft", "Left": self = .arrowLeft
        case "ArrowRight", "Right": self = .arrowRight
        case "Insert": self = .insert
        case "Home": self = .home
        case "End": self = .end
        case "PageUp": self = .pageUp
        case "PageDown": self = .pageDown
        default:
            guard domName.hasPrefix("F"), let n = Int(domName.dropFirst()), (1...12).contains(n),
                  let key = WebKey(rawValue: WebKey.f1.rawValue + UInt32(n - 1)) else { return nil }
            self = key
        }
    }

    /// The key code for a DOM `KeyboardEvent.key` value: a single Unicode
    /// scalar stands for itself, a known name maps through ``WebKey``. Nil for
    /// modifier keys alone, dead keys and names this mapping does not carry.
    public static func code(forDOMKey key: String) -> UInt32? {
        let scalars = key.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first {
            // A lone control character is not a key name the browser sends.
            return scalar.value >= 0x20 && scalar.value != 0x7F ? scalar.value : nil
        }
        return WebKey(domName: key)?.rawValue
    }
}
