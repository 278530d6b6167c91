/// Writing graphs: the format from the file name, the bytes from the writers.
public enum GraphWriter {
    /// Formats Tangle writes.
    public static let formats: [GraphFormat] = [.edgelist, .csv, .graphml, .json]

    /// The text of `g` in `format` (edge list, CSV, GraphML or JSON node-link).
    public static func text(_ g: Graph, format: GraphFormat) throws -> String {
        switch format {
        case .edgelist, .tsv: return EdgeListWriter.write(g, style: .whitespace)
        case .csv: return EdgeListWriter.write(g, style: .csv)
        case .graphml: return GraphMLWriter.write(g)
        case .json: return NodeLinkJSONWriter.write(g)
        default:
            throw GraphError("cannot write \(format.rawValue); Tangle writes \(formats.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// The format a path asks for (edge list when the extension says nothing).
    public static func format(forPath path: String) -> GraphFormat {
        GraphFormat.fromExtension(path) ?? .edgelist
    }
}
