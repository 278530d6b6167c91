import Testing
@testable import GraphCore

/// The filter language's syntax: precedence, every operator and value, and
/// errors that point at the right column.
@Suite struct FilterParserTests {
    func canonical(_ text: String) throws -> String { try Filter(parsing: text).description }

    @Test func andBindsTighterThanOr() throws {
        #expect(try canonical("degree == 1 or kcore == 2 and pagerank > 0") == "(degree == 1 or (kcore == 2 and pagerank > 0))")
        #expect(try canonical("degree == 1 and kcore == 2 or pagerank > 0") == "((degree == 1 and kcore == 2) or pagerank > 0)")
    }

    @Test func notBindsTighterThanAnd() throws {
        #expect(try canonical("not degree > 2 and kcore >= 1") == "(not degree > 2 and kcore >= 1)")
        #expect(try canonical("not not degree > 2") == "not not degree > 2")
    }

    @Test func parenthesesOverridePrecedence() throws {
        #expect(try canonical("degree == 1 and (kcore == 2 or pagerank > 0)") == "(degree == 1 and (kcore == 2 or pagerank > 0))")
        #expect(try canonical("not (degree > 2 and kcore >= 1)") == "not (degree > 2 and kcore >= 1)")
        #expect(try canonical("((degree > 2))") == "degree > 2")
    }

    @Test func andOrAreLeftAssociative() throws {
        #expect(try canonical("degree > 1 or degree > 2 or degree > 3") == "((degree > 1 or degree > 2) or degree > 3)")
    }

    @Test func symbolSpellingsAndCaseOfKeywords() throws {
        #expect(try canonical("degree > 1 && !kcore < 2 || x == y") == (try canonical("degree > 1 and not kcore < 2 or x == y")))
        #expect(try canonical("degree > 1 AND Not kcore < 2 OR x == y") == (try canonical("degree > 1 and not kcore < 2 or x == y")))
    }

    @Test(arguments: Filter.Comparison.allCases) func everyComparisonParses(_ op: Filter.Comparison) throws {
        let f = try Filter(parsing: "club \(op.rawValue) \"Officer\"")
        #expect(f.root == .compare(.attribute("club"), op, .string("Officer"), range: 0..<(op.rawValue.count + 15)))
        // Without spaces too.
        let g = try Filter(parsing: "size\(op.rawValue)-2.5e1")
        guard case .compare(.attribute("size"), op, .number(let x, let text), _) = g.root else {
            Issue.record("parsed as \(g.root)"); return
        }
        #expect(x == -25 && text == "-2.5e1")
    }

    @Test func valuesAndOperands() throws {
        let f = try Filter(parsing: #"name ~ /^Mr\.? [A-Z]/i and id == 007 and component == largest and attr("degree") >= 3 and club == Officer"#)
        var parts: [Filter.Expression] = []
        func flatten(_ e: Filter.Expression) { if case .and(let l, let r) = e { flatten(l); flatten(r) } else { parts.append(e) } }
        flatten(f.root)
        #expect(parts.count == 5)
        if case .compare(.attribute("name"), .matches, .regex(#"^Mr\.? [A-Z]"#, caseInsensitive: true), _) = parts[0] {} else { Issue.record("\(parts[0])") }
        if case .compare(.id, .equal, .number(7, text: "007"), _) = parts[1] {} else { Issue.record("\(parts[1])") }
        if case .compare(.metric(.component), .equal, .largest, _) = parts[2] {} else { Issue.record("\(parts[2])") }
        if case .compare(.attribute("degree"), .greaterOrEqual, .number(3, _), _) = parts[3] {} else { Issue.record("\(parts[3])") }
        if case .compare(.attribute("club"), .equal, .string("Officer"), _) = parts[4] {} else { Issue.record("\(parts[4])") }
        #expect(f.metrics == [.component])
    }

    @Test func egoAndPath() throws {
        let f = try Filter(parsing: #"ego("Jean Valjean", 2) or path(12ab, 7)"#)
        #expect(f.root == .or(.ego(node: "Jean Valjean", depth: 2, range: 0..<22), .path(from: "12ab", to: "7", range: 26..<39)))
        #expect(try canonical("ego(a, 0)") == #"ego("a", 0)"#)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let text: String
        let column: Int
        let says: String
        var testDescription: String { text }
    }

    static let bad = [
        BadCase(text: "", column: 1, says: "empty filter"),
        BadCase(text: "degree >= ", column: 11, says: "found the end of the filter"),
        BadCase(text: "degree = 3", column: 8, says: "write == for equality"),
        BadCase(text: "(degree > 1", column: 12, says: "the parenthesis at column 1 is not closed"),
        BadCase(text: "degree > 1 kcore > 2", column: 12, says: "expected and, or"),
        BadCase(text: "degree > 1 and", column: 15, says: "ends too soon"),
        BadCase(text: "degree 3", column: 8, says: "expected a comparison"),
        BadCase(text: "ego(a)", column: 6, says: "expected a comma"),
        BadCase(text: "ego(a, 1.5)", column: 8, says: "whole number of hops"),
        BadCase(text: "path(a, )", column: 9, says: "node id"),
        BadCase(text: "name ~ /[/", column: 8, says: "not a valid regular expression"),
        BadCase(text: "name ~ /x/q", column: 11, says: "unknown regex flag"),
        BadCase(text: "degree ~ \"x\"", column: 8, says: "~ matches text"),
        BadCase(text: "degree > \"big\"", column: 10, says: "degree is a number"),
        BadCase(text: "club == largest", column: 9, says: "largest goes with component or community"),
        BadCase(text: "name == \"abc", column: 9, says: "not closed"),
        BadCase(text: "degree > 1 & kcore > 1", column: 12, says: "write and"),
        BadCase(text: "degree > 1 or )", column: 15, says: "found ')'"),
        BadCase(text: "name == /x/", column: 9, says: "goes with ~ only"),
        BadCase(text: "degree > 1 $", column: 12, says: "unexpected character '$'"),
    ]

    @Test(arguments: bad) func mistakesPointAtTheirColumn(_ c: BadCase) {
        do {
            _ = try Filter(parsing: c.text)
            Issue.record("\(c.text) parsed")
        } catch {
            #expect(error.source == "filter" && error.line == 1)
            #expect(error.column == c.column, "\(error)")
            #expect(error.message.contains(c.says), "\(error.message)")
        }
    }

    @Test func caretLinesPutTheCaretUnderTheColumn() {
        let e = GraphError(source: "filter", line: 1, column: 11, "x")
        #expect(Filter.caretLines("degree >= and", e) == "  degree >= and\n            ^")
    }

    @Test func completionsOfTheLastWord() throws {
        var b = GraphBuilder(directed: false)
        let a = b.node("a"), c = b.node("c")
        b.addEdge(a, c)
        b.setAttribute(node: a, "club", .string("x"))
        b.setAttribute(node: a, "community_name", .string("y"))
        let g = b.build()
        #expect(Filter.completions(of: "deg", in: g) == ["degree"])
        #expect(Filter.completions(of: "kcore >= 3 an", in: g) == ["and"])
        #expect(Filter.completions(of: "cl", in: g) == ["clustering", "club"])
        #expect(Filter.completions(of: "comm", in: g) == ["community", "community_name"])
        #expect(Filter.completions(of: "e", in: g) == ["ego("])
        #expect(Filter.completions(of: "degree ", in: g).isEmpty)
        #expect(Filter.names(for: g).suffix(3) == ["id", "club", "community_name"])
    }
}
