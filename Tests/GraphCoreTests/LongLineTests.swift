import Testing
@testable import GraphCore

/// A file that is one enormous line (a "1 GB line": a binary blob, a missing
/// newline convention, a broken export) must be refused with a message, not
/// parsed for minutes or swallowed into a giant id. 64 MiB stands in for 1 GB.
@Suite(.serialized) struct LongLineTests {
    static let size = 64 << 20

    struct Case: Sendable, CustomStringConvertible {
        let format: GraphFormat
        let prefix: String
        let fill: UInt8
        let suffix: String
        let message: String
        var description: String { format.rawValue }
    }

    static let cases: [Case] = [
        Case(format: .json, prefix: "{\"nodes\": [{\"id\": \"", fill: UInt8(ascii: "a"), suffix: "\"}]}",
             message: "a string longer than 16777216 bytes: the closing '\"' is probably missing"),
        Case(format: .json, prefix: "{\"nodes\": [{\"id\": ", fill: UInt8(ascii: "7"), suffix: "}]}",
             message: "a number of more than 4096 characters: this does not look like a graph file"),
        Case(format: .pajek, prefix: "*Vertices 2\n1 \"", fill: UInt8(ascii: "a"), suffix: "\"\n",
             message: "a token of more than 65536 bytes: this does not look like a graph file"),
        Case(format: .pajek, prefix: "*Vertices 2\n*Edges\n1 ", fill: UInt8(ascii: "2"), suffix: "\n",
             message: "a token of more than 65536 bytes: this does not look like a graph file"),
        Case(format: .mtx, prefix: "%%MatrixMarket matrix coordinate real general\n2 2 1\n1 1 ", fill: UInt8(ascii: "1"), suffix: "\n",
             message: "a line of more than 65536 bytes: this does not look like a Matrix Market file"),
        Case(format: .mtx, prefix: "%%MatrixMarket matrix coordinate real general", fill: UInt8(ascii: " "), suffix: "x\n",
             message: "a line of more than 65536 bytes: this does not look like a Matrix Market file"),
        Case(format: .edgelist, prefix: "a ", fill: UInt8(ascii: "b"), suffix: "\n",
             message: "a field of more than 65536 bytes: this does not look like an edge list"),
        Case(format: .csv, prefix: "a,", fill: UInt8(ascii: "b"), suffix: "\n",
             message: "a field of more than 65536 bytes: this does not look like an edge list"),
    ]

    @Test(arguments: cases)
    func oneHugeLineIsRefusedQuickly(_ c: Case) throws {
        var bytes = Array(c.prefix.utf8)
        bytes.reserveCapacity(Self.size + 64)
        bytes += [UInt8](repeating: c.fill, count: Self.size)  // one memset; an element loop takes half a minute in debug
        bytes.append(contentsOf: c.suffix.utf8)
        let clock = ContinuousClock()
        let start = clock.now
        var error: GraphError?
        do { _ = try GraphIO.read(bytes: bytes, source: "huge", options: ReadOptions(format: c.format)) } catch let e as GraphError { error = e }
        let took = clock.now - start
        #expect(error?.message == c.message)
        #expect(error?.line != nil)
        // A hang guard (a quadratic path would take hours), not a speed claim:
        // debug builds on a shared machine are slow; bench/ measures speed.
        #expect(took < .seconds(30))
    }
}
