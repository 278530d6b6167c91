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

    func validate() throws {
        if directed && undirected { throw ValidationError("--directed and --undirected contradict each other") }
    }

    var readOptions: ReadOptions {
        ReadOptions(format: format, directed: directed ? true : undirected ? false : nil)
    }

    /// Reads the graph, or exits 2 with "tangle: FILE:LINE:COL: message".
    func load() throws -> Graph {
        do {
            return try GraphIO.read(file, options: readOptions)
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
