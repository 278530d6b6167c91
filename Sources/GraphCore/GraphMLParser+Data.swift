/// GraphMLParser: `<data>` content and its conversion to typed values, and
/// small helpers.
extension GraphMLParser {
    // MARK: data

    /// The `<data>` element just opened: its key and typed value, or nil when
    /// it has element content (yFiles graphics) or is empty and not a string.
    mutating func data() throws -> (Int, AttributeValue)? {
        let at = x.tokenStart
        guard let keyAttribute = x.attribute("key") else {
            throw input.error(at: at, "expected a key=\"…\" attribute in <data>, found \(input.found(at: at))")
        }
        let k = try keyIndex(x.attributes[keyAttribute])
        guard let c = try content() else { return nil }
        if keys[k].kind != .string && isEmpty(c) { return nil }
        return (k, try convert(c, k, at: at))
    }

    /// Where an element's text is: in place in the input, or decoded in `scratch`.
    enum Content { case slice(Int, Int), scratch }

    /// The text of the element just opened, up to its end tag; nil if it
    /// holds elements.
    mutating func content() throws -> Content? {
        var single: (Int, Int)? = nil
        var pieces = 0
        var hasElements = false
        if !scratch.isEmpty { scratch.removeAll(keepingCapacity: true) }
        if let (s, e, hasReference) = x.simpleText() {
            if !hasReference { return .slice(s, e) }
            try x.appendDecoded(s, e, hasReference: true, to: &scratch)
            return .scratch
        }
        while true {
            switch try x.next() {
            case .text:
                pieces += 1
                if pieces == 1 && !x.textHasReference {
                    single = (x.textStart, x.textEnd)
                } else {
                    if let (s, e) = single { scratch.append(contentsOf: UnsafeBufferPointer(rebasing: x.b[s..<e])); single = nil }
                    try x.appendDecoded(x.textStart, x.textEnd, hasReference: x.textHasReference, to: &scratch)
                }
            case .start:
                hasElements = true
                try x.skipElement()
            case .end, .eof:
                if hasElements { return nil }
                if let (s, e) = single { return .slice(s, e) }
                return .scratch
            }
        }
    }

    func isEmpty(_ c: Content) -> Bool {
        if case .slice(let s, let e) = c { return s == e }
        return scratch.isEmpty
    }

    /// The content as the key's type. The closures capture locals only:
    /// capturing `self` here made Swift copy the whole parser per value.
    func convert(_ c: Content, _ k: Int, at: Int) throws -> AttributeValue {
        let input = self.input
        let kind = keys[k].kind
        do throws(ValueFailure) {
            switch c {
            case .slice(let s, let e): return try Self.value(UnsafeBufferPointer(rebasing: x.b[s..<e]), kind, at: at)
            case .scratch:
                let r = scratch.withUnsafeBufferPointer { t in
                    Result { () throws(ValueFailure) -> AttributeValue in try Self.value(t, kind, at: at) }
                }
                return try r.get()
            }
        } catch {
            let shown = PrintableText.quote(String(decoding: error.text.prefix(400), as: UTF8.self), limit: 40)
            throw input.error(at: at, "expected \(error.what) for '\(PrintableText.quote(keys[k].name))' (attr.type \(keys[k].typeName)), found '\(shown)'")
        }
    }

    struct ValueFailure: Error {
        var what: String
        var text: [UInt8]
    }

    /// `text` read as the key's type, the way NetworkX converts it.
    static func value(_ text: UnsafeBufferPointer<UInt8>, _ kind: GraphMLKey.Kind, at: Int) throws(ValueFailure) -> AttributeValue {
        switch kind {
        case .string:
            return .string(String(decoding: text, as: UTF8.self))
        case .int:
            let (s, e) = Self.trimmed(text)
            if let i = NumberParsing.int(text, s, e) { return .int(i) }
            throw ValueFailure(what: "an integer", text: Array(text))
        case .double:
            let (s, e) = Self.trimmed(text)
            if let d = NumberParsing.double(text, s, e) { return .double(d) }
            throw ValueFailure(what: "a number", text: Array(text))
        case .bool:
            let (s, e) = Self.trimmed(text)
            switch String(decoding: UnsafeBufferPointer(rebasing: text[s..<e]), as: UTF8.self).lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: throw ValueFailure(what: "true or false", text: Array(text))
            }
        }
    }


    func number(_ v: AttributeValue, at: Int) throws -> Double {
        if case .bool = v {} else if let d = v.number, !d.isNaN { return d }
        if case .string(let s) = v, let d = Double(s.trimmed), !d.isNaN { return d }
        throw input.error(at: at, "expected a number for the edge weight, found '\(PrintableText.quote(v.text, limit: 40))'")
    }

    static func trimmed(_ t: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }
        var s = 0, e = t.count
        while s < e && isSpace(t[s]) { s += 1 }
        while e > s && isSpace(t[e - 1]) { e -= 1 }
        return (s, e)
    }

    // MARK: helpers

    /// Byte equality of two buffers of one length, without the generic `elementsEqual`.
    static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<a.count where a[i] != b[i] { return false }
        return true
    }

    mutating func markSeen(_ k: Int) {
        if !seen[k] { seen[k] = true; seenList.append(k) }
    }

    mutating func clearSeen() {
        while let k = seenList.popLast() { seen[k] = false }
    }

    mutating func attributeBytes(_ i: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        let a = x.attributes[i]
        try x.appendDecoded(a.valueStart, a.valueEnd, hasReference: a.hasReference, to: &out)
        return out
    }

    mutating func attributeString(_ i: Int) throws -> String {
        String(decoding: try attributeBytes(i), as: UTF8.self)
    }
}

private extension String {
    var trimmed: String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
