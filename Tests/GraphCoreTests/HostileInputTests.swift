// Attacks on what GraphCore reads and writes (issue 16): files created through
// planted links, terminal escapes and huge tokens in error messages, UTF-16,
// and inputs that would have to be buffered whole.
import Foundation
import Testing
@testable import GraphCore

@Suite struct NewFileTests {
    /// A fresh directory under the temporary directory, removed by the caller.
    static func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "tangle-newfile-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
        return dir
    }

    @Test func aPlantedSymlinkIsSteppedAroundAndItsTargetLeftAlone() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let victim = dir + "/victim"
        try Data("precious".utf8).write(to: URL(fileURLWithPath: victim))
        // The attacker plants both names the snapshot would use, and a dangling link too.
        #expect(symlink(victim, dir + "/tangle-1700000000.csv") == 0)
        #expect(symlink(victim, dir + "/tangle-1700000000.png") == 0)
        #expect(symlink(dir + "/nowhere", dir + "/tangle-1700000000-1.csv") == 0)
        let files = try NewFile.create(in: dir, stem: "tangle-1700000000", extensions: ["csv", "png"])
        #expect(files.map(\.path) == [dir + "/tangle-1700000000-2.csv", dir + "/tangle-1700000000-2.png"])
        try files[0].write(Array("id,x,y\n".utf8))
        try files[1].write([0x89, 0x50])
        files.forEach { $0.close() }
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "precious")
        #expect(!FileManager.default.fileExists(atPath: dir + "/nowhere"))
        #expect(try String(contentsOfFile: dir + "/tangle-1700000000-2.csv", encoding: .utf8) == "id,x,y\n")
        // The links are still links, not files written through.
        let attributes = try FileManager.default.attributesOfItem(atPath: dir + "/tangle-1700000000.csv")
        #expect(attributes[.type] as? FileAttributeType == .typeSymbolicLink)
    }

    @Test func anExistingFileIsNeverTruncated() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/snap.csv"))
        let file = try NewFile.create(in: dir, name: "snap", extension: "csv")
        #expect(file.path == dir + "/snap-1.csv")
        try file.write(Array("new".utf8))
        file.close()
        #expect(try String(contentsOfFile: dir + "/snap.csv", encoding: .utf8) == "old")
        var st = stat()
        #expect(lstat(file.path, &st) == 0 && st.st_mode & S_IFMT == S_IFREG)
    }

    @Test func namesThatLeaveTheDirectoryAreRefused() throws {
        let dir = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: GraphError.self) { try NewFile.create(in: dir, name: "../escape", extension: "csv") }
        #expect(throws: GraphError.self) { try NewFile.create(in: dir + "/missing", name: "a", extension: "csv") }
    }
}

@Suite struct PrintableErrorTests {
    @Test func controlCharactersAreEscapedAndQuotesCut() {
        #expect(PrintableText.quote("a\u{1B}[31mb") == "a\\x1b[31mb")
        #expect(PrintableText.quote("x\u{9B}y\u{202E}z\n") == "x\\u009by\\u202ez\\x0a")
        let long = PrintableText.quote(String(repeating: "k", count: 10_000))
        #expect(long == String(repeating: "k", count: 80) + "…")
    }

    @Test func anEscapeFromACharacterReferenceInGraphMLIsNotPrinted() throws {
        let text = """
        <graphml><key id="w" for="node" attr.name="w" attr.type="int"/>
        <graph edgedefault="undirected"><node id="a"><data key="w">&#27;[2J&#27;]0;owned&#7;</data></node></graph></graphml>
        """
        let error = try #require(throws: GraphError.self) { try GraphIO.read(bytes: Array(text.utf8), source: "x.graphml") }
        let line = error.description
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(line.contains("\\x1b[2J"))
    }

    @Test func anEscapeInAJSONIdIsNotPrinted() throws {
        let text = #"{"nodes":[{"id":"a"}],"links":[{"source":"a","target":"\u001b]2;pwned\u0007"}]}"#
        let error = try #require(throws: GraphError.self) { try GraphIO.read(bytes: Array(text.utf8), source: "x.json") }
        #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 })
        #expect(error.description.contains("\\x1b]2;pwned"))
    }

    @Test func aTenMegabyteDOTKeyGivesOneShortLine() throws {
        let key = String(repeating: "K", count: 10 << 20)
        let text = "graph { a [\(key) b] }"
        let error = try #require(throws: GraphError.self) { try GraphIO.read(bytes: Array(text.utf8), source: "x.dot") }
        let line = error.description
        #expect(line.count < 400, "error line has \(line.count) characters")
        #expect(!line.contains("\n"))
        #expect(line.contains("…"))
    }

    @Test func utf16IsNamedAsSuch() throws {
        var le: [UInt8] = [0xFF, 0xFE]
        for b in "a b\nb c\n".utf8 { le += [b, 0] }
        let e1 = try #require(throws: GraphError.self) { try GraphIO.read(bytes: le, source: "x.edges") }
        #expect(e1.description.contains("UTF-16LE"))
        var be: [UInt8] = []
        for b in "a b\nb c\nc d\n".utf8 { be += [0, b] }
        let e2 = try #require(throws: GraphError.self) { try GraphIO.read(bytes: be, source: "x.edges") }
        #expect(e2.description.contains("UTF-16BE"))
        #expect(!e2.description.contains("NUL"))
    }
}

@Suite struct BoundedInputTests {
    /// gzip of `head` followed by `count` copies of `fill`, written to a file.
    static func bomb(head: String, fill: UInt8, count: Int, ext: String) throws -> String {
        let path = NSTemporaryDirectory() + "tangle-bomb-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).\(ext).gz"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "{ printf '%s' \"$HEAD\"; head -c \(count) /dev/zero | tr '\\000' '\\\(String(fill, radix: 8))'; } | gzip -1 > '\(path)'"]
        process.environment = ["HEAD": head, "PATH": "/usr/bin:/bin"]
        try process.run()
        process.waitUntilExit()
        return path
    }

    @Test func zerosInsideGzipFailAtTheFirstMegabyte() throws {
        let path = try Self.bomb(head: "", fill: 0, count: 64 << 20, ext: "graphml")
        defer { unlink(path) }
        let error = try #require(throws: GraphError.self) { try GraphIO.read(path) }
        #expect(error.description.contains("NUL"))
    }

    @Test func aWholeInputFormatIsCappedWhenItsSizeIsUnknown() throws {
        setenv("TANGLE_MAX_INPUT_MB", "8", 1)
        defer { unsetenv("TANGLE_MAX_INPUT_MB") }
        let path = try Self.bomb(head: "<graphml><graph>", fill: 0x20, count: 32 << 20, ext: "graphml")
        defer { unlink(path) }
        let error = try #require(throws: GraphError.self) { try GraphIO.read(path) }
        #expect(error.description.contains("more than 8 MiB after decompression"))
    }
}
