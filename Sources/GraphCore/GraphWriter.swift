/// Writing graphs: the format from the file name, the bytes from the writers.
public enum GraphWriter {
    /// Formats Tangle writes.
    public static let formats: [GraphFormat] = [.edgelist, .csv, .graphml, .gexf, .json]

    /// The text of `g` in `format` (edge list, CSV, GraphML, GEXF or JSON
    /// node-link). GEXF carries `visuals` (positions, colours, sizes; by
    /// default those the graph's file carried).
    public static func text(_ g: Graph, format: GraphFormat, visuals: FileVisuals? = nil) throws -> String {
        switch format {
        case .edgelist, .tsv: return EdgeListWriter.write(g, style: .whitespace)
        case .csv: return EdgeListWriter.write(g, style: .csv)
        case .graphml: return GraphMLWriter.write(g)
        case .gexf: return GEXFWriter.write(g, visuals: visuals)
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
