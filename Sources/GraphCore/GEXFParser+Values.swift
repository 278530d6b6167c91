/// GEXFParser: viz elements, typed values and small helpers.
extension GEXFParser {
    // MARK: viz

    enum Viz { case position, color, size }

    /// The viz element the current tag is (`viz:position`, or any prefix).
    func vizKind() -> Viz? {
        var local = x.nameStart
        for i in x.nameStart..<x.nameEnd where x.b[i] == UInt8(ascii: ":") { local = i + 1 }
        if x.bytesEqual(local, x.nameEnd, "position") { return .position }
        if x.bytesEqual(local, x.nameEnd, "color") { return .color }
        if x.bytesEqual(local, x.nameEnd, "size") { return .size }
        return nil
    }

    mutating func viz(_ kind: Viz, node u: Int32) throws {
        switch kind {
        case .position:
            for (name, key) in [("x", "viz.x"), ("y", "viz.y"), ("z", "viz.z")] as [(StaticString, String)] {
                if let i = x.attribute(name) { builder.setAttribute(node: u, key, .double(try number(i, finite: true))) }
            }
        case .size:
            if let i = x.attribute("value") { builder.setAttribute(node: u, "viz.size", .double(try number(i, finite: true))) }
        case .color:
            var rgb: [Int] = []
            if let h = x.attribute("hex") {
                let text = try string(h)
                let digits = text.hasPrefix("#") ? String(text.dropFirst()) : text
                guard digits.count == 6, let v = Int(digits, radix: 16) else {
                    throw input.error(at: x.attributes[h].valueStart, "expected a colour #rrggbb, found '\(text.prefix(20))'")
                }
                rgb = [v >> 16, (v >> 8) & 0xFF, v & 0xFF]
            } else {
                for name: StaticString in ["r", "g", "b"] {
                    guard let i = x.attribute(name) else {
                        throw input.error(at: x.tokenStart, "expected r, g and b attributes in <\(x.name)>, found \(input.found(at: x.tokenStart))")
                    }
                    let v = try number(i, finite: true)
                    guard v >= 0, v <= 255, v == v.rounded() else {
                        throw input.error(at: x.attributes[i].valueStart, "expected a whole number 0–255 for the colour, found '\(try string(i).prefix(20))'")
                    }
                    rgb.append(Int(v))
                }
            }
            let hex = rgb.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
            builder.setAttribute(node: u, "viz.color", .string("#" + hex))
            if let a = x.attribute("a") { builder.setAttribute(node: u, "viz.alpha", .double(try number(a, finite: true))) }
        }
        try x.skipElement()
    }

    // MARK: values

    func convert(_ text: [UInt8], _ d: Declared, at: Int) throws -> AttributeValue {
        do throws(GraphMLParser.ValueFailure) {
            return try text.withUnsafeBufferPointer { t throws(GraphMLParser.ValueFailure) in
                try GraphMLParser.value(t, d.kind, at: at)
            }
        } catch {
            let shown = String(decoding: error.text.prefix(40), as: UTF8.self)
            throw input.error(at: at, "expected \(error.what) for '\(d.title)' (type \(d.typeName)), found '\(shown)'")
        }
    }

    /// Attribute `i` of the current tag as a number (finite when asked).
    mutating func number(_ i: Int, finite: Bool) throws -> Double {
        let a = x.attributes[i]
        let text = try bytes(i)
        let (s, e) = text.withUnsafeBufferPointer { GraphMLParser.trimmed($0) }
        let d = text.withUnsafeBufferPointer { NumberParsing.double($0, s, e) }
        guard let d, !d.isNaN, !finite || d.isFinite else {
            let name = x.text(a.nameStart, a.nameEnd)
            throw input.error(at: a.valueStart, "expected a \(finite ? "finite " : "")number for \(name), found '\(String(decoding: text.prefix(40), as: UTF8.self))'")
        }
        return d
    }

    func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    mutating func bytes(_ i: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        let a = x.attributes[i]
        try x.appendDecoded(a.valueStart, a.valueEnd, hasReference: a.hasReference, to: &out)
        return out
    }

    mutating func string(_ i: Int) throws -> String {
        String(decoding: try bytes(i), as: UTF8.self)
    }

    mutating func intern(_ a: XMLTokenizer.Attribute) throws -> Int32 {
        if !a.hasReference { return builder.node(bytes: UnsafeBufferPointer(rebasing: x.b[a.valueStart..<a.valueEnd])) }
        scratch.removeAll(keepingCapacity: true)
        try x.appendDecoded(a.valueStart, a.valueEnd, hasReference: true, to: &scratch)
        return scratch.withUnsafeBufferPointer { builder.node(bytes: $0) }
    }
}
