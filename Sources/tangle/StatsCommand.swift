#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import GraphCore

extension Tangle {
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Print a graph's statistics (NetworkX's definitions).")

        @OptionGroup var input: InputOptions

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        func run() throws {
            let graph = try runReporting { try input.load() }
            print("nodes \(graph.nodeCount) edges \(graph.edgeCount)")
        }
    }

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the bundled demo graphs.")
        func run() {
            for demo in DemoGraph.allCases { print("demo:\(demo.rawValue)\t\(demo.summary)") }
        }
    }
}

/// Runs `body`; a bad input prints "tangle: …" to stderr and exits 2.
func runReporting<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let failure as InputFailure {
        printError("tangle: \(failure.description)")
        throw ExitCode(2)
    } catch let error as GraphError {
        printError("tangle: \(error.description)")
        throw ExitCode(2)
    }
}

func printError(_ message: String) {
    var stderr = StandardError()
    print(message, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        #if canImport(Glibc)
        let bytes = Array(string.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {  Glibc.write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { break }
            offset += n
        }
        #endif
    }
}
