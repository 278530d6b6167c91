import Foundation
import StreamInterface

/// One message from the viewer's WebSocket, decoded and checked.
///
/// The wire format is one JSON object per text message:
/// `{"type":"move","x":0.5,"y":0.25,"buttons":1,"mods":1}`. Types: `move`,
/// `down`, `up`, `dblclick` (x, y, `button` as in DOM: 0 primary, 1 middle,
/// 2 secondary; `down` may carry `count`, DOM's click count), `wheel` (x, y, `dx`, `dy` in lines), `keydown`, `keyup` (`key`
/// as DOM `KeyboardEvent.key`), `ping` (`t`: the page's clock, echoed back).
/// `mods` is a bit set: 1 shift, 2 ctrl, 4 alt, 8 meta; `buttons` as DOM's
/// (1 primary, 2 secondary, 4 middle). x and y are 0…1 across the image.
enum InputMessage: Equatable {
    case event(InputEvent)
    case ping(Double)
    /// Valid but carries nothing for the explorer (a modifier key alone).
    case ignored
    case invalid(String)

    /// Largest message accepted (bytes); a longer one is invalid.
    static let maxBytes = 1024

    private struct Wire: Decodable {
        var type: String
        var x: Double?
        var y: Double?
        var button: Int?
        var buttons: Int?
        var mods: Int?
        var dx: Double?
        var dy: Double?
        var key: String?
        var t: Double?
        var count: Int?
    }

    /// Decodes `text`; never throws, never traps: anything unexpected is `.invalid`.
    static func parse(_ text: String, source: UInt32, serial: UInt32, now: UInt64) -> InputMessage {
        guard text.utf8.count <= maxBytes else { return .invalid("message longer than \(maxBytes) bytes") }
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(text.utf8)) else {
            return .invalid("not a JSON object with a string \"type\"")
        }
        guard let mods = bits(wire.mods, max: 15) else { return .invalid("mods must be 0…15") }
        let modifiers = InputEvent.Modifiers(rawValue: mods)
        func event(_ kind: InputEvent.Kind) -> InputEvent {
            InputEvent(kind: kind, modifiers: modifiers, source: source, serial: serial, timestamp: now)
        }
        switch wire.type {
        case "move", "down", "up", "dblclick", "wheel":
            guard let x = unit(wire.x), let y = unit(wire.y) else { return .invalid("x and y must be numbers in 0…1") }
            var e: InputEvent
            switch wire.type {
            case "move":
                guard let held = bits(wire.buttons, max: 31) else { return .invalid("buttons must be 0…31") }
                e = event(.pointerMove)
                e.buttons = InputEvent.Buttons(rawValue: held & 7)
            case "wheel":
                guard let dx = lines(wire.dx), let dy = lines(wire.dy) else { return .invalid("dx and dy must be finite numbers") }
                e = event(.wheel)
                e.wheelX = dx
                e.wheelY = dy
            default:
                let kind: InputEvent.Kind = wire.type == "down" ? .pointerDown : wire.type == "up" ? .pointerUp : .doubleClick
                guard let button = wire.button, let bit = domButton(button) else { return .invalid("button must be 0, 1 or 2") }
                e = event(kind)
                e.buttons = bit
                if kind == .pointerDown {
                    guard let count = bits(wire.count ?? 1, max: 16), count >= 1 else { return .invalid("count must be 1…16") }
                    e.clickCount = UInt32(count)
                } else if kind == .doubleClick {
                    e.clickCount = 2
                }
            }
            e.x = x
            e.y = y
            return .event(e)
        case "keydown", "keyup":
            guard let key = wire.key, !key.isEmpty, key.utf8.count <= 32 else { return .invalid("key must be a short string") }
            guard let code = WebKey.code(forDOMKey: key) else { return .ignored }
            var e = event(wire.type == "keydown" ? .keyDown : .keyUp)
            e.keyCode = code
            return .event(e)
        case "ping":
            guard let t = wire.t, t.isFinite else { return .invalid("ping needs a finite t") }
            return .ping(t)
        default:
            return .invalid("unknown type")
        }
    }

    /// A coordinate in 0…1. A drag that leaves the image is clamped to its
    /// edge, but only a little outside: a wild value is refused.
    private static func unit(_ v: Double?) -> Float? {
        guard let v, v.isFinite, v >= -1, v <= 2 else { return nil }
        return Float(min(1, max(0, v)))
    }

    private static func lines(_ v: Double?) -> Float? {
        guard let v else { return 0 }
        guard v.isFinite else { return nil }
        return Float(min(100, max(-100, v)))
    }

    private static func bits(_ v: Int?, max: Int) -> UInt16? {
        guard let v else { return 0 }
        guard v >= 0, v <= max else { return nil }
        return UInt16(v)
    }

    /// DOM button numbers (0 primary, 1 middle, 2 secondary) to button bits.
    private static func domButton(_ b: Int) -> InputEvent.Buttons? {
        switch b {
        case 0: return .primary
        case 1: return .middle
        case 2: return .secondary
        default: return nil
        }
    }
}
