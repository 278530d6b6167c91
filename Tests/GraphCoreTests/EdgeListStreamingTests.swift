import Foundation
import Testing
@testable import GraphCore

/// The edge-list reader's two shortcuts must not change what a file means:
/// the fast path reads every line as the general path does, and a file read
/// a chunk at a time (any chunk size, through gzip too) gives the same graph,
/// or the same error at the same LINE:COL, as the whole file in memory.
@Suite struct EdgeListStreamingTests {
    static let corpus: [String] = [
        "0 1\n1 2\n2 0\n",
        "1 2\n2 3",  // no final newline
        "1 2\r\n2 3\r\n3 1\r\n",
        "\u{FEFF}1 2\n2 3\n",
        "# comment\n% comment\n\n   \n1 2 # trailing\n 3 4\n5\t6\n",
        "1 2 0.5\n2 3 1e3\n1 2 2\n2 1 -1.25\n",
        "1 2 1\n2 3 x\n",
        "source,target,weight\n\"a,b\",c,1\n\"é\",\"x\"\"y\",2\nc,\"a,b\",3\n",
        "007 7\n7 007\n+7 -7\n07 7\n0 00\n",
        "é ü\n日本 語\nü é\n",
        "from,to,kind\na,b,x\nb,c,y\n",
        "a\tb\t1\nb\tc\t2\n",
        "a\nb c\nd\n",
        "a \"b\n",
        "1 1\n1 1\n2 2 3\n",
        "99999999999999999999 1\n18446744073709551616 99999999999999999999\n",
        "1  2\n1\t2\n  1 2\n1 2  \n",
        "# only a comment\n",
        "1 2\r3 4\n",
        "1,2\n2,3,\n",
        "1, 2\n2 ,3\n",
        "x y z w\n",
        "1 2 nan\n",
        "1 2 3 4\n",
        "\"a b\" c\n\"c\" \"a b\"\n",
        "1 2\n\"ab\"cdefghijklmnopqrstuvwxyz0123456789 1\n",
        "1,2\nx,\"a\"  bcdefghijklmnopqrstuvwxyz,c\n",
    ]
    /// Inputs libFuzzer found where the paths once disagreed.
    static let found: [[UInt8]] = [
        [0x55, 0x2C, 0x77, 0x0A, 0x80, 0x2F, 0x2C, 0x57, 0x0A, 0x30],  // "U,w" is a header whose weight column is the target's
        [0x0A, 0x22, 0x26, 0x22, 0x20, 0x22, 0x05] + [UInt8](repeating: 0xFF, count: 8) + Array("targetid".utf8) + [0xFF, 0x0B, 0x0A],
        [0xCA, 0x30, 0x0A, 0xDF, 0x30, 0x20, 0x22, 0x22, 0x22, 0x22, 0xCA, 0x30, 0xFF, 0x7F, 0x30, 0x20, 0x32],
    ]
    static var allInputs: [[UInt8]] { corpus.map { Array($0.utf8) } + found }
    static let formats: [GraphFormat] = [.edgelist, .csv, .tsv]

    /// The graph (ids, rows, weights, edge attributes) or the error, as text.
    static func fingerprint(_ read: () throws -> Graph) -> String {
        do {
            let g = try read()
            var s = "\(g.isDirected) \(g.nodeIDs) \(g.edgeCount) \(g.selfLoopCount)\n"
            for u in 0..<g.nodeCount {
                s += "\(u):"
                for k in g.out.offsets[u]..<g.out.offsets[u + 1] { s += " \(g.out.targets[k])/\(g.out.weight(at: k))" }
                s += "\n"
            }
            s += g.edgeAttributeKeys.joined(separator: ",") + "\n"
            for (key, attrs) in g.edgeAttributes.sorted(by: { ($0.key.source, $0.key.target) < ($1.key.source, $1.key.target) }) {
                s += "\(key.source)-\(key.target): \(attrs.sorted { $0.key < $1.key })\n"
            }
            return s
        } catch {
            return "error: \(error)"
        }
    }

    static func whole(_ bytes: [UInt8], _ format: GraphFormat, fastPath: Bool = true) -> String {
        fingerprint { try EdgeListReader.read(TextInput(bytes: bytes, source: "t"), format: format, options: ReadOptions(), fastPath: fastPath) }
    }

    /// Errors name the file as "t", like `whole`'s.
    static func streamed(_ path: String, _ format: GraphFormat, head: Int, chunk: Int) -> String {
        fingerprint {
            let input = try ChunkedInput(path: path)
            var first: [UInt8] = []
            _ = try input.read(head, appendingTo: &first)
            return try EdgeListReader.read(head: first, rest: input, format: format, options: ReadOptions(), chunkBytes: chunk)
        }.replacingOccurrences(of: path + ":", with: "t:")
    }

    static func temporaryFile(_ bytes: [UInt8], name: String = "t") throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tangle-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    static func gzip(_ path: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-k", "-f", path]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        return path + ".gz"
    }

    @Test func fastPathReadsLikeTheGeneralPath() throws {
        let texts = Self.allInputs
        var compared = 0, graphs = 0
        for (i, text) in texts.enumerated() {
            var mutator = InputMutator(text, seed: UInt64(i + 1), donors: texts)
            for k in -1..<80 {
                let bytes = k < 0 ? text : mutator.mutant(k)
                for format in Self.formats {
                    let fast = Self.whole(bytes, format)
                    let general = Self.whole(bytes, format, fastPath: false)
                    #expect(fast == general, "corpus \(i) mutant \(k) as \(format): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                    compared += 1
                    if !fast.hasPrefix("error") { graphs += 1 }
                }
            }
        }
        #expect(compared > 6_000 && graphs > 600)
    }

    @Test func chunkBoundariesChangeNothing() throws {
        var cases = Self.allInputs
        // A line longer than the small chunks, split inside multi-byte characters and quotes.
        cases.append(Array(("\"" + String(repeating: "é,ü ", count: 40) + "\",x 1\n" + "y \"z\"\n").utf8))
        for (i, bytes) in cases.enumerated() {
            let path = try Self.temporaryFile(bytes)
            for format in Self.formats {
                let expected = Self.whole(bytes, format)
                for (head, chunk) in [(0, 1), (1, 1), (2, 3), (3, 2), (5, 7), (0, 64), (100, 16), (bytes.count, 1)] {
                    let got = Self.streamed(path, format, head: head, chunk: chunk)
                    #expect(got == expected, "case \(i) as \(format), head \(head), chunk \(chunk)")
                }
            }
        }
    }

    @Test func gzipStreamsLikePlainBytes() throws {
        var text = "# gzip, streamed\n"
        for i in 0..<20_000 { text += "\(i) \(i * 7 % 20_000) \(i % 5)\n" }
        text += "a é\n"
        let bytes = Array(text.utf8)
        let gz = try Self.gzip(Self.temporaryFile(bytes, name: "g.edges"))
        let expected = Self.whole(bytes, .edgelist)
        #expect(Self.streamed(gz, .edgelist, head: 10, chunk: 4096) == expected)
        #expect(Self.streamed(gz, .edgelist, head: 0, chunk: 1 << 20) == expected)
        #expect(!expected.hasPrefix("error"))
    }

    /// `GraphIO.read(path)` takes the streaming path above 1 MiB (plain and
    /// gzip) and gives what reading the bytes whole gives.
    @Test func bigFilesStreamThroughGraphIO() throws {
        var text = "source target weight\n"
        var i = 0
        while text.utf8.count < GraphIO.streamingThreshold + 100_000 {
            text += "\(i % 50_000) n\(i * 31 % 40_000) \(i % 9)\n"
            text += "\(i * 17 % 70_000) 0\(i % 100) 1.5\n"
            i += 1
        }
        text += "last 0"  // no final newline
        let bytes = Array(text.utf8)
        let path = try Self.temporaryFile(bytes, name: "big.edges")
        let expected = Self.fingerprint { try GraphIO.read(bytes: bytes, source: path) }
        #expect(!expected.hasPrefix("error"))
        #expect(Self.fingerprint { try GraphIO.read(path) } == expected)
        let gz = try Self.gzip(path)
        #expect(Self.fingerprint { try GraphIO.read(gz) } == expected)

        let input = try ChunkedInput(path: path)
        var head: [UInt8] = []
        #expect(try input.read(GraphIO.streamingThreshold, appendingTo: &head) == false)
        #expect(try GraphIO.readStreaming(head: head, rest: input, options: ReadOptions()) != nil)
    }

    /// A huge field is refused as in memory (same message, same place) once a
    /// buffer's worth of it is read; a huge comment line is skipped.
    @Test func longLinesWhenStreaming() throws {
        let field = String(repeating: "b", count: 3 << 20)
        let bad = Array("1 2\n\"q\" \(field) 3\n4 5\n".utf8)
        let path = try Self.temporaryFile(bad)
        let expected = Self.whole(bad, .edgelist)
        #expect(expected.contains("t:2:5: a field of more than 65536 bytes"))
        #expect(Self.streamed(path, .edgelist, head: 0, chunk: 1 << 20) == expected)

        let comment = Array("1 2\n# \(field)\n4 5\n6 7 x\n".utf8)
        let commentPath = try Self.temporaryFile(comment)
        let wholeComment = Self.whole(comment, .edgelist)
        #expect(wholeComment.contains("t:4:5: expected a number"))
        #expect(Self.streamed(commentPath, .edgelist, head: 0, chunk: 1 << 16) == wholeComment)
    }
}
