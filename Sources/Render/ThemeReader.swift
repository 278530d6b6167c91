import Foundation

/// Reads a theme file (JSON, format 1; see `themes/README.md`). Keys a file
/// leaves out come from its `base` theme (default `dark`); unknown keys and
/// wrong values are errors naming the file and the key.
enum ThemeReader {
    static let format = 1

    /// Parses `data`; `file` names it in errors; `resolveBase` finds base themes.
    static func parse(_ data: [UInt8], file: String, resolveBase: (String) throws -> Theme?) throws -> Theme {
        let root = try decode(data, file: file)
        guard case .object(let top) = root else {
            throw RenderError(file: file, "expected a JSON object at the top")
        }
        let r = Walker(file: file)
        try r.checkKeys(top, allowed: ["format", "name", "description", "base", "background",
                                       "nodes", "edges", "highlight", "dim", "labels"], at: "")
        if let f = top["format"] {
            let v = try r.number(f, at: "format")
            guard v == Double(format) else {
                throw RenderError(file: file, key: "format", "this Tangle reads theme format \(format), found \(formatNumberText(v))")
            }
        }
        let baseName = try top["base"].map { try r.string($0, at: "base") } ?? "dark"
        guard var t = try resolveBase(baseName) else {
            throw RenderError(file: file, key: "base", "no theme named \"\(baseName)\"")
        }
        t.name = try top["name"].map { try r.string($0, at: "name") } ?? t.name
        t.description = try top["description"].map { try r.string($0, at: "description") } ?? ""
        if let v = top["background"] { t.background = try r.color(v, at: "background") }
        if let v = top["nodes"] {
            let o = try r.object(v, at: "nodes")
            try r.checkKeys(o, allowed: ["palette", "ramp", "other", "outline", "outlineWidth"], at: "nodes")
            if let p = o["palette"] { t.palette = try r.palette(p, at: "nodes.palette") }
            if let p = o["ramp"] {
                t.ramp = try r.palette(p, at: "nodes.ramp")
                if t.ramp.count > 16 { throw RenderError(file: file, key: "nodes.ramp", "expected 2 to 16 colours, found \(t.ramp.count)") }
            }
            if let x = o["other"] { t.other = try r.color(x, at: "nodes.other") }
            if let x = o["outline"] { t.outline = try r.color(x, at: "nodes.outline") }
            if let x = o["outlineWidth"] { t.outlineWidth = try r.number(x, at: "nodes.outlineWidth", in: 0...8) }
        }
        if let v = top["edges"] {
            let o = try r.object(v, at: "edges")
            try r.checkKeys(o, allowed: ["color", "alpha"], at: "edges")
            if let x = o["color"] { t.edge = try r.color(x, at: "edges.color") }
            if let x = o["alpha"] { t.edgeAlpha = try r.number(x, at: "edges.alpha", in: 0...1) }
        }
        if let v = top["highlight"] {
            let o = try r.object(v, at: "highlight")
            try r.checkKeys(o, allowed: ["selected", "match"], at: "highlight")
            if let x = o["selected"] { t.highlight = try r.color(x, at: "highlight.selected") }
            if let x = o["match"] { t.match = try r.color(x, at: "highlight.match") }
        }
        if let v = top["dim"] {
            let o = try r.object(v, at: "dim")
            try r.checkKeys(o, allowed: ["color", "amount"], at: "dim")
            if let x = o["color"] { t.dim = try r.color(x, at: "dim.color") }
            if let x = o["amount"] { t.dimAmount = try r.number(x, at: "dim.amount", in: 0...1) }
        }
        if let v = top["labels"] {
            let o = try r.object(v, at: "labels")
            try r.checkKeys(o, allowed: ["color", "background", "backgroundAlpha"], at: "labels")
            if let x = o["color"] { t.label = try r.color(x, at: "labels.color") }
            if let x = o["background"] { t.labelBackground = try r.color(x, at: "labels.background") }
            if let x = o["backgroundAlpha"] {
                t.labelBackgroundAlpha = try r.number(x, at: "labels.backgroundAlpha", in: 0...1)
            }
        }
        if t.palette.isEmpty { throw RenderError(file: file, key: "nodes.palette", "missing") }
        return t
    }

    /// Syntax errors come from JSONSerialization, which knows where they are;
    /// values from JSONDecoder, which tells booleans from numbers.
    private static func decode(_ data: [UInt8], file: String) throws -> JSONValue {
        let d = Data(data)
        do {
            _ = try JSONSerialization.jsonObject(with: d, options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo["NSDebugDescription"] as? String ?? "\(error)"
            throw RenderError(file: placed(file, data, detail), "not valid JSON (\(detail))")
        }
        do {
            return try JSONDecoder().decode(JSONValue.self, from: d)
        } catch {
            throw RenderError(file: file, "not valid JSON")
        }
    }

    /// "around character N" in Foundation's message becomes FILE:LINE:COL.
    private static func placed(_ file: String, _ data: [UInt8], _ detail: String) -> String {
        guard let r = detail.range(of: "character "),
              let n = Int(detail[r.upperBound...].prefix { $0.isNumber }) else { return file }
        var line = 1, col = 1
        for b in data.prefix(n) { if b == 10 { line += 1; col = 1 } else { col += 1 } }
        return "\(file):\(line):\(col)"
    }
}

/// A JSON value, decoded without losing the difference between `1` and `true`.
enum JSONValue: Decodable, Equatable {
    case object([String: JSONValue]), array([JSONValue]), string(String), number(Double), bool(Bool), null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([JSONValue].self) { self = .array(a) }
        else { self = .object(try c.decode([String: JSONValue].self)) }
    }

    var shown: String {
        switch self {
        case .object: return "an object"
        case .array: return "a list"
        case .string(let s): return "\"\(s)\""
        case .number(let n): return formatNumberText(n)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        }
    }
}

/// Typed access with errors that name the key.
private struct Walker {
    let file: String

    func fail(_ key: String, _ message: String) -> RenderError { RenderError(file: file, key: key, message) }

    func checkKeys(_ o: [String: JSONValue], allowed: [String], at path: String) throws {
        for k in o.keys.sorted() where !allowed.contains(k) {
            throw fail(path.isEmpty ? k : "\(path).\(k)",
                       "unknown key (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    func object(_ v: JSONValue, at key: String) throws -> [String: JSONValue] {
        guard case .object(let o) = v else { throw fail(key, "expected an object, found \(v.shown)") }
        return o
    }

    func string(_ v: JSONValue, at key: String) throws -> String {
        guard case .string(let s) = v else { throw fail(key, "expected a string, found \(v.shown)") }
        return s
    }

    func number(_ v: JSONValue, at key: String) throws -> Double {
        guard case .number(let n) = v else { throw fail(key, "expected a number, found \(v.shown)") }
        return n
    }

    func number(_ v: JSONValue, at key: String, in range: ClosedRange<Float>) throws -> Float {
        guard case .number(let n) = v, range.contains(Float(n)) else {
            throw fail(key, "expected a number from \(formatNumberText(Double(range.lowerBound))) to "
                       + "\(formatNumberText(Double(range.upperBound))), found \(v.shown)")
        }
        return Float(n)
    }

    func color(_ v: JSONValue, at key: String) throws -> RGB {
        guard case .string(let s) = v, let c = RGB(hex: s) else {
            throw fail(key, "expected a colour like \"#1f77b4\", found \(v.shown)")
        }
        return c
    }

    func palette(_ v: JSONValue, at key: String) throws -> [RGB] {
        guard case .array(let a) = v else { throw fail(key, "expected a list of colours, found \(v.shown)") }
        guard (2...24).contains(a.count) else { throw fail(key, "expected 2 to 24 colours, found \(a.count)") }
        return try a.enumerated().map { try color($0.element, at: "\(key)[\($0.offset)]") }
    }
}

func formatNumberText(_ d: Double) -> String {
    d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : "\(d)"
}
