import ArgumentParser
import GraphCore

/// The `tangle` command: argument parsing and wiring only; every layer below
/// does the work.
@main
struct Tangle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tangle",
        abstract: "A network explorer that lives in the terminal.",
        discussion: """
            FILE is a graph file (edge list, CSV, TSV, GraphML, GEXF, GML, DOT, JSON node-link, \
            Pajek, Matrix Market; .gz is read transparently), - for standard input, or \
            demo:NAME for a bundled demo graph (see `tangle demo`).
            """,
        version: TangleVersion.string,
        subcommands: [Explore.self, Stats.self, PathCommand.self, LayoutCmd.self, RenderCommand.self, Gen.self, Convert.self, Demo.self, Shm.self, GfxTest.self],
        defaultSubcommand: Explore.self)
}

enum TangleVersion {
    static let number = "0.1.0"
    /// `--version`: the number and the commit built from (stamped by the
    /// VersionStamp build plugin; `-dirty` when the tree had changes).
    static let string = "\(number) (commit \(BuildCommit.description))"
}
