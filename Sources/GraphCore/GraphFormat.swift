/// The file formats Tangle reads (and some it writes).
public enum GraphFormat: String, CaseIterable, Sendable {
    case edgelist, csv, tsv, graphml, gexf, gml, dot, json, pajek, mtx

    /// What the README and `--help` call it.
    public var summary: String {
        switch self {
        case .edgelist: return "whitespace-separated edge list (.edges .edgelist .txt .el)"
        case .csv: return "comma-separated edge list (.csv)"
        case .tsv: return "tab-separated edge list (.tsv)"
        case .graphml: return "GraphML (.graphml .xml)"
        case .gexf: return "GEXF, Gephi's format (.gexf)"
        case .gml: return "GML (.gml)"
        case .dot: return "Graphviz DOT (.dot .gv)"
        case .json: return "JSON node-link, NetworkX/d3 style (.json)"
        case .pajek: return "Pajek (.net .paj)"
        case .mtx: return "Matrix Market coordinate (.mtx)"
        }
    }

    /// The format a file name implies (a trailing `.gz` is looked through).
    public static func fromExtension(_ path: String) -> GraphFormat? {
        var name = path.lowercased()
        if name.hasSuffix(".gz") { name.removeLast(3) }
        guard let dot = name.lastIndex(of: ".") else { return nil }
        switch name[name.index(after: dot)...] {
        case "edges", "edgelist", "txt", "el", "ncol", "dat": return .edgelist
        case "tsv", "tab": return .tsv
        case "csv": return .csv
        case "graphml": return .graphml
        case "gexf": return .gexf
        case "xml": return nil  // GraphML or GEXF: the content says
        case "gml": return .gml
        case "dot", "gv": return .dot
        case "json": return .json
        case "net", "paj", "pajek": return .pajek
        case "mtx", "mm": return .mtx
        default: return nil
        }
    }

    /// The format the first bytes of the content suggest, if any does.
    public static func sniff(_ bytes: ArraySlice<UInt8>) -> GraphFormat? {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        let trimmed = head.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        let lower = trimmed.lowercased()
        if lower.hasPrefix("%%matrixmarket") { return .mtx }
        if lower.hasPrefix("<?xml") || lower.hasPrefix("<graphml") || lower.hasPrefix("<gexf") || lower.hasPrefix("<!--") {
            // The root element decides; GraphML is the older guess.
            if let gexf = lower.firstRange(of: "<gexf"), lower.firstRange(of: "<graphml").map({ gexf.lowerBound < $0.lowerBound }) ?? true {
                return .gexf
            }
            return .graphml
        }
        if lower.hasPrefix("{") || lower.hasPrefix("[") { return .json }
        if lower.hasPrefix("*vertices") || lower.hasPrefix("*network") || lower.hasPrefix("*arcs") || lower.hasPrefix("*edges") {
            return .pajek
        }
        for keyword in ["strict graph", "strict digraph", "graph {", "digraph {", "digraph ", "graph "] where lower.hasPrefix(keyword) {
            if keyword == "graph " || keyword == "digraph " {
                // `graph NAME {` is DOT; `graph [` is GML.
                let rest = lower.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("[") { return .gml }
                if rest.contains("{") { return .dot }
                continue
            }
            return .dot
        }
        if lower.hasPrefix("graph") || lower.hasPrefix("creator") || lower.hasPrefix("version") {
            if lower.contains("[") { return .gml }
        }
        // A data line with commas or tabs decides between CSV, TSV and whitespace.
        for line in trimmed.split(separator: "\n").prefix(20) {
            let l = line.trimmingPrefix { $0 == " " }
            if l.isEmpty || l.hasPrefix("#") || l.hasPrefix("%") { continue }
            if l.contains("\t") && !l.contains(",") { return .tsv }
            if l.contains(",") { return .csv }
            return .edgelist
        }
        return nil
    }
}

/// How to read a file.
public struct ReadOptions: Sendable {
    /// Overrides detection by extension and content.
    public var format: GraphFormat?
    /// For formats that do not say (edge lists, CSV, Matrix Market `general`);
    /// nil means the format's own answer, else undirected. Formats that do say
    /// (GraphML, GML, DOT, JSON, Pajek) follow the file unless this is set.
    public var directed: Bool?
    /// Told about things a reader read but set aside (a GEXF file's dynamic
    /// times); the command line prints them on stderr.
    public var note: (@Sendable (String) -> Void)?
    /// Told how far reading a file has got: bytes read so far and the file's
    /// size (0 when unknown: stdin, a pipe), every mebibyte or so and at the
    /// end. Bytes are the file's (compressed ones for gzip).
    public var progress: (@Sendable (_ bytesRead: Int, _ fileSize: Int) -> Void)?

    public init(format: GraphFormat? = nil, directed: Bool? = nil, note: (@Sendable (String) -> Void)? = nil,
                progress: (@Sendable (_ bytesRead: Int, _ fileSize: Int) -> Void)? = nil) {
        self.format = format
        self.directed = directed
        self.note = note
        self.progress = progress
    }
}
