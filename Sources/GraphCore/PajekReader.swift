// SCAFFOLD: replaced by the real reader in its own change.
enum PajekReader {
    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        throw GraphError(source: input.source, "this format is not supported yet")
    }
}
