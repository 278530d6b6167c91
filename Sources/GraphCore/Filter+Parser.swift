/// The filter language's tokenizer and recursive-descent parser.
///
/// Grammar (keywords are case-insensitive; `&&`, `||`, `!` are accepted for
/// `and`, `or`, `not`):
/// ```
/// expr       := andExpr ("or" andExpr)*
/// andExpr    := notExpr ("and" notExpr)*
/// notExpr    := "not" notExpr | primary
/// primary    := "(" expr ")" | "ego" "(" node "," INT ")" | "path" "(" node "," node ")" | comparison
/// comparison := name op value
/// name       := WORD | "attr" "(" STRING ")"
/// op         := "==" | "!=" | "<" | "<=" | ">" | ">=" | "~"
/// value      := NUMBER | STRING | WORD | /REGEX/[i]
/// node       := NUMBER | STRING | WORD          (a node id as the file wrote it)
/// ```
struct FilterParser {
    enum Kind: Equatable {
        case word(String)
        case number(Double, String)
        case string(String)
        case regex(String, Bool)
        case op(Filter.Comparison)
        case and, or, not
        case open, close, comma
        case end
    }

    struct Token {
        let kind: Kind
        /// 0-based character range in the text.
        let range: Range<Int>
    }

    private let chars: [Character]
    private var tokens: [Token] = []
    private var index = 0
    private var tokenError: GraphError?

    init(_ text: String) {
        chars = Array(text)
        do { tokens = try tokenize() } catch { tokenError = error }
    }

    static func error(_ column0: Int, _ message: String) -> GraphError {
        GraphError(source: "filter", line: 1, column: column0 + 1, message)
    }

    mutating func parseWhole() throws(GraphError) -> Filter.Expression {
        if let tokenError { throw tokenError }
        if tokens.first?.kind == .end { throw Self.error(0, "empty filter: expected a comparison such as degree >= 3") }
        let e = try parseOr()
        let t = tokens[index]
        if t.kind != .end {
            throw Self.error(t.range.lowerBound, "expected and, or or the end of the filter, found \(describe(t))")
        }
        return e
    }

    // MARK: grammar

    private mutating func parseOr() throws(GraphError) -> Filter.Expression {
        var left = try parseAnd()
        while tokens[index].kind == .or {
            index += 1
            left = .or(left, try parseAnd())
        }
        return left
    }

    private mutating func parseAnd() throws(GraphError) -> Filter.Expression {
        var left = try parseNot()
        while tokens[index].kind == .and {
            index += 1
            left = .and(left, try parseNot())
        }
        return left
    }

    private mutating func parseNot() throws(GraphError) -> Filter.Expression {
        if tokens[index].kind == .not {
            index += 1
            return .not(try parseNot())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(GraphError) -> Filter.Expression {
        let t = tokens[index]
        switch t.kind {
        case .open:
            index += 1
            let e = try parseOr()
            try expect(.close, "a closing parenthesis", opened: t.range.lowerBound)
            return e
        case .word(let w) where (w == "ego" || w == "path") && tokens[index + 1].kind == .open:
            index += 2
            let a = try nodeID(w == "ego" ? "a node id for ego(ID, DEPTH)" : "a node id for path(A, B)")
            try expect(.comma, "a comma")
            if w == "ego" {
                let dt = tokens[index]
                guard case .number(let d, let text) = dt.kind, d >= 0, d == d.rounded(), d <= 1_000_000 else {
                    throw Self.error(dt.range.lowerBound, "expected a whole number of hops (0 or more) for ego's depth, found \(describe(dt))")
                }
                _ = text
                index += 1
                try expect(.close, "a closing parenthesis after ego's depth", opened: nil)
                return .ego(node: a, depth: Int(d), range: t.range.lowerBound..<tokens[index - 1].range.upperBound)
            }
            let b = try nodeID("a node id for path(A, B)")
            try expect(.close, "a closing parenthesis after path's second node", opened: nil)
            return .path(from: a, to: b, range: t.range.lowerBound..<tokens[index - 1].range.upperBound)
        case .word:
            return try parseComparison()
        case .end:
            throw Self.error(t.range.lowerBound, "the filter ends too soon: expected a comparison, ego(…), path(…), not or (")
        default:
            throw Self.error(t.range.lowerBound, "expected a metric or attribute name, ego(…), path(…), not or (, found \(describe(t))")
        }
    }

    private mutating func parseComparison() throws(GraphError) -> Filter.Expression {
        let start = tokens[index]
        guard case .word(let name) = start.kind else { preconditionFailure("parseComparison at a word") }
        index += 1
        let operand: Filter.Operand
        if name == "attr" && tokens[index].kind == .open {
            index += 1
            let kt = tokens[index]
            guard case .string(let key) = kt.kind else {
                throw Self.error(kt.range.lowerBound, "expected a quoted attribute name in attr(\"…\"), found \(describe(kt))")
            }
            index += 1
            try expect(.close, "a closing parenthesis after the attribute name", opened: nil)
            operand = .attribute(key)
        } else if let m = NodeMetric(rawValue: name) {
            operand = .metric(m)
        } else if name == "id" {
            operand = .id
        } else {
            operand = .attribute(name)
        }
        let opToken = tokens[index]
        guard case .op(let op) = opToken.kind else {
            throw Self.error(opToken.range.lowerBound,
                             "expected a comparison (== != < <= > >= ~) after \(name), found \(describe(opToken))")
        }
        index += 1
        let vt = tokens[index]
        let value: Filter.Value
        switch vt.kind {
        case .number(let d, let text): value = .number(d, text: text)
        case .string(let s): value = .string(s)
        case .regex(let p, let i): value = .regex(p, caseInsensitive: i)
        case .word(let w) where w == "largest": value = .largest
        case .word(let w): value = .string(w)
        default:
            throw Self.error(vt.range.lowerBound, "expected a number, a \"string\" or a /regex/ after \(op.rawValue), found \(describe(vt))")
        }
        index += 1
        if case .regex = value, op != .matches {
            throw Self.error(vt.range.lowerBound, "a /regex/ goes with ~ only (\(name) ~ /…/)")
        }
        if value == .largest {
            guard case .metric(let m) = operand, m.isPartition, op == .equal || op == .notEqual else {
                throw Self.error(vt.range.lowerBound, "largest goes with component or community, and == or != only")
            }
        }
        if op == .matches, case .metric(let m) = operand {
            throw Self.error(opToken.range.lowerBound, "~ matches text: use it with an attribute or id, not the metric \(m.rawValue)")
        }
        if case .metric(let m) = operand, op != .matches {
            if case .string(let s) = value, value != .largest {
                throw Self.error(vt.range.lowerBound, "\(m.rawValue) is a number: expected a number after \(op.rawValue), found \"\(s)\"")
            }
        }
        return .compare(operand, op, value, range: start.range.lowerBound..<vt.range.upperBound)
    }

    private mutating func nodeID(_ what: String) throws(GraphError) -> String {
        let t = tokens[index]
        switch t.kind {
        case .word(let w): index += 1; return w
        case .string(let s): index += 1; return s
        case .number(_, let text): index += 1; return text
        default: throw Self.error(t.range.lowerBound, "expected \(what), found \(describe(t))")
        }
    }

    private mutating func expect(_ kind: Kind, _ what: String, opened: Int? = nil) throws(GraphError) {
        let t = tokens[index]
        guard t.kind == kind else {
            var message = "expected \(what), found \(describe(t))"
            if let opened { message += " (the parenthesis at column \(opened + 1) is not closed)" }
            throw Self.error(t.range.lowerBound, message)
        }
        index += 1
    }

    private func describe(_ t: Token) -> String {
        switch t.kind {
        case .end: return "the end of the filter"
        default: return "'" + String(chars[t.range]) + "'"
        }
    }

    // MARK: tokens

    private func tokenize() throws(GraphError) -> [Token] {
        var out: [Token] = []
        var i = 0
        let n = chars.count
        func isWordStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
        func isWordChar(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "." || c == "-" }
        while i < n {
            let c = chars[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            func add(_ k: Kind, _ length: Int) { out.append(Token(kind: k, range: start..<start + length)); i = start + length }
            let next: Character? = i + 1 < n ? chars[i + 1] : nil
            switch c {
            case "(": add(.open, 1)
            case ")": add(.close, 1)
            case ",": add(.comma, 1)
            case "=":
                if next == "=" { add(.op(.equal), 2) } else {
                    throw Self.error(start, "'=' is not a comparison: write == for equality")
                }
            case "!":
                if next == "=" { add(.op(.notEqual), 2) } else { add(.not, 1) }
            case "<": if next == "=" { add(.op(.lessOrEqual), 2) } else { add(.op(.less), 1) }
            case ">": if next == "=" { add(.op(.greaterOrEqual), 2) } else { add(.op(.greater), 1) }
            case "~": add(.op(.matches), 1)
            case "&":
                guard next == "&" else { throw Self.error(start, "'&' alone means nothing here: write and (or &&)") }
                add(.and, 2)
            case "|":
                guard next == "|" else { throw Self.error(start, "'|' alone means nothing here: write or (or ||)") }
                add(.or, 2)
            case "\"", "'":
                var j = i + 1
                var s = ""
                while j < n && chars[j] != c {
                    if chars[j] == "\\" && j + 1 < n { j += 1 }
                    s.append(chars[j])
                    j += 1
                }
                guard j < n else { throw Self.error(start, "this string is not closed: expected \(c) before the end") }
                add(.string(s), j + 1 - start)
            case "/":
                var j = i + 1
                var s = ""
                while j < n && chars[j] != "/" {
                    if chars[j] == "\\" && j + 1 < n && chars[j + 1] == "/" { j += 1 }
                    else if chars[j] == "\\" && j + 1 < n { s.append(chars[j]); j += 1 }
                    s.append(chars[j])
                    j += 1
                }
                guard j < n else { throw Self.error(start, "this /regex/ is not closed: expected / before the end") }
                j += 1
                var insensitive = false
                while j < n && chars[j].isLetter {
                    guard chars[j] == "i" else { throw Self.error(j, "unknown regex flag '\(chars[j])' (only i, for case-insensitive)") }
                    insensitive = true
                    j += 1
                }
                do { _ = try Regex(s) } catch {
                    throw Self.error(start, "this is not a valid regular expression: \(error)")
                }
                add(.regex(s, insensitive), j - start)
            default:
                if c.isNumber || ((c == "-" || c == "+" || c == ".") && (next?.isNumber ?? false)) {
                    var j = i + 1
                    while j < n && (chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E"
                                    || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E"))) { j += 1 }
                    // An id such as 12ab or 3-7 is a word, not a number.
                    if j < n && isWordChar(chars[j]) {
                        while j < n && isWordChar(chars[j]) { j += 1 }
                        add(.word(String(chars[start..<j])), j - start)
                        break
                    }
                    let text = String(chars[start..<j])
                    guard let d = Double(text), d.isFinite else { throw Self.error(start, "'\(text)' is not a number") }
                    add(.number(d, text), j - start)
                } else if isWordStart(c) {
                    var j = i + 1
                    while j < n && isWordChar(chars[j]) { j += 1 }
                    let w = String(chars[start..<j])
                    switch w.lowercased() {
                    case "and": add(.and, j - start)
                    case "or": add(.or, j - start)
                    case "not": add(.not, j - start)
                    default: add(.word(w), j - start)
                    }
                } else {
                    throw Self.error(start, "unexpected character '\(c)'")
                }
            }
        }
        out.append(Token(kind: .end, range: n..<n))
        return out
    }
}
