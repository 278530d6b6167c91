import ArgumentParser
import GraphCore

/// How every subcommand that takes a graph reads it.
struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Graph file, - for stdin, or demo:NAME.", valueName: "FILE"))
    var file: String = "demo:lesmis"

    @Option(help: ArgumentHelp("Read as this format instead of guessing from the name and content.",
                               valueName: GraphFormat.allCases.map(\.rawValue).joined(separator: "|")))
    var format: GraphFormat?

    @Flag(help: "Treat edges as directed (for formats that do not say; others are converted).")
    var directed = false

    @Flag(help: "Treat edges as undirected (directed files are merged).")
    var undirected = false

    @Option(help: ArgumentHelp("Join a table of node attributes (CSV, TSV or JSON records) by its id column, or its first.",
                               valueName: "FILE"))
    var nodes: String?

    @Flag(help: "Add the node table's ids that are not in the graph as isolated nodes.")
    var addMissing = false

    func validate() throws {
        if directed && undirected { throw ValidationError("--directed and --undirected contradict each other") }
        if addMissing && nodes == nil { throw ValidationError("--add-missing needs --nodes FILE") }
    }

    var readOptions: ReadOptions {
        ReadOptions(format: format, directed: directed ? true : undirected ? false : nil,
                    note: { printError("tangle: note: \($0)") })
    }

    /// Reads the graph, or exits 2 with "tangle: FILE:LINE:COL: message".
    /// A long read shows a progress line on stderr when it is a terminal.
    func load() throws -> Graph {
        let line = ProgressLine()
        defer { line.finish() }
        var options = readOptions
        if line.enabled {
            let name = file
            options.progress = { bytes, size in
                line.show(ProgressLine.reading(name, bytes: bytes, of: size, seconds: line.elapsed))
            }
        }
        do {
            let graph = try GraphIO.read(file, options: options)
            return try NodeTableJoin.join(nodes, addMissing: addMissing, into: graph)
        } catch let error as GraphError {
            throw InputFailure(error: error)
        }
    }
}

extension GraphFormat: ExpressibleByArgument {}

/// A bad input: printed as "tangle: message" with exit status 2.
struct InputFailure: Error, CustomStringConvertible {
    let error: GraphError
    var description: String { error.description }
}
