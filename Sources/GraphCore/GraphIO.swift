#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib

/// Reading graphs from files, stdin and the bundled demos.
public enum GraphIO {
    /// Reads `path`: a file (gzip-compressed ones too), `-` for stdin, or
    /// `demo:NAME` for a bundled demo graph.
    public static func read(_ path: String, options: ReadOptions = ReadOptions()) throws -> Graph {
        if path.hasPrefix("demo:") {
            let name = String(path.dropFirst(5))
            guard let demo = DemoGraph(rawValue: name) else {
                throw GraphError(source: path, "no demo graph called '\(name)'; `tangle demo` lists them: \(DemoGraph.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return try read(bytes: Array(demo.text.utf8), source: path,
                            options: ReadOptions(format: options.format ?? demo.format, directed: options.directed, note: options.note))
        }
        let input = try ChunkedInput(path: path)
        if let progress = options.progress {
            let size = input.fileSize
            input.onRead = { progress($0, size) }
        }
        var head: [UInt8] = []
        let ended = try input.read(streamingThreshold, appendingTo: &head)
        if !ended, let graph = try readStreaming(head: head, rest: input, options: options) { return graph }
        if !ended {
            // Look at the first bytes before holding the rest: binary data (a
            // gzip bomb of zeros) or an unknown format fails here, not after
            // gigabytes. Then buffer no more than the file's size, or a limit
            // when that size is unknown (gzip, stdin).
            try TextInput(bytes: head, source: input.source).checkText()
            if options.format == nil, GraphFormat.fromExtension(input.source) == nil, GraphFormat.sniff(head[...]) == nil {
                throw GraphError(source: input.source, "cannot tell which graph format this is; name it with --format (\(GraphFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let plainFile = !input.isCompressed && input.fileSize > 0
            let limit = plainFile ? max(input.fileSize, head.count) : bufferLimit
            try input.readAll(appendingTo: &head, limit: limit,
                              what: plainFile ? "the file grew while it was read; read it again"
                                  : "more than \(bufferLimit >> 20) MiB \(input.isCompressed ? "after decompression" : "from a stream"); this format is read whole, so it is refused (decompress it to a file, or set TANGLE_MAX_INPUT_MB)")
        }
        return try read(decoded: head, source: input.source, options: options)
    }

    /// The most bytes a whole-input format holds when the input's size is not
    /// known in advance (gzip data, stdin): 192 MiB, or `TANGLE_MAX_INPUT_MB`.
    static var bufferLimit: Int {
        if let text = getenv("TANGLE_MAX_INPUT_MB").map({ String(cString: $0) }), let mb = Int(text), mb > 0, mb < 1 << 30 {
            return mb << 20
        }
        return 192 << 20
    }

    /// Inputs longer than this whose format streams (edge lists, CSV, TSV)
    /// are parsed a chunk at a time instead of being read whole first.
    static let streamingThreshold = 1 << 20

    /// Reads a graph from bytes already in memory (gzip is looked through).
    public static func read(bytes raw: [UInt8], source: String, options: ReadOptions = ReadOptions()) throws -> Graph {
        let bytes = raw.starts(with: [0x1F, 0x8B]) ? try gunzip(raw, source: source) : raw
        return try read(decoded: bytes, source: source, options: options)
    }

    /// The streaming path: nil when the format does not stream (then the
    /// caller reads the whole input), else the graph. `head` is at least
    /// the first 64 KiB that `checkText` looks at.
    static func readStreaming(head: [UInt8], rest: ChunkedInput, options: ReadOptions) throws -> Graph? {
        let source = rest.source
        let format = options.format ?? GraphFormat.fromExtension(source) ?? GraphFormat.sniff(head[...])
        guard let format, format == .edgelist || format == .csv || format == .tsv else { return nil }
        // The whole-input path says "empty" for blank files; a blank head is rare enough to leave to it.
        guard !head.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        try TextInput(bytes: head, source: source).checkText()
        var graph = try EdgeListReader.read(head: head, rest: rest, format: format, options: options)
        if let directed = options.directed, directed != graph.isDirected {
            graph = graph.withDirection(directed: directed)
        }
        return graph
    }

    static func read(decoded bytes: [UInt8], source: String, options: ReadOptions) throws -> Graph {
        let input = TextInput(bytes: bytes, source: source)
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw GraphError(source: source, "the file is empty: there is no graph to read")
        }
        try input.checkText()
        let format = options.format ?? GraphFormat.fromExtension(source) ?? GraphFormat.sniff(bytes[...])
        guard let format else {
            throw GraphError(source: source, "cannot tell which graph format this is; name it with --format (\(GraphFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var graph: Graph
        switch format {
        case .edgelist, .csv, .tsv: graph = try EdgeListReader.read(input, format: format, options: options)
        case .graphml: graph = try GraphMLReader.read(input, options: options)
        case .gexf: graph = try GEXFReader.read(input, options: options)
        case .gml: graph = try GMLReader.read(input, options: options)
        case .dot: graph = try DOTReader.read(input, options: options)
        case .json: graph = try NodeLinkJSONReader.read(input, options: options)
        case .pajek: graph = try PajekReader.read(input, options: options)
        case .mtx: graph = try MatrixMarketReader.read(input, options: options)
        }
        if let directed = options.directed, directed != graph.isDirected {
            graph = graph.withDirection(directed: directed)
        }
        return graph
    }

    // MARK: files

    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw GraphError(source: path, "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
            throw GraphError(source: path, "is a directory, not a graph file")
        }
        return try readAll(fd: fd, source: path, sizeHint: Int(st.st_size))
    }

    static func readAll(fd: Int32, source: String, sizeHint: Int = 0) throws -> [UInt8] {
        var result = [UInt8]()
        result.reserveCapacity(max(sizeHint, 1 << 16) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw GraphError(source: source, "read failed: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }

    /// Inflates gzip data (several concatenated members are fine).
    static func gunzip(_ data: [UInt8], source: String) throws -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(min(data.count * 4, bufferLimit))
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw GraphError(source: source, "cannot start gzip decompression")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        try data.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            while true {
                let status: Int32 = chunk.withUnsafeMutableBufferPointer { out in
                    stream.next_out = out.baseAddress
                    stream.avail_out = UInt32(out.count)
                    return inflate(&stream, Z_NO_FLUSH)
                }
                output.append(contentsOf: chunk[0..<(chunk.count - Int(stream.avail_out))])
                if output.count > bufferLimit {
                    throw GraphError(source: source, "more than \(bufferLimit >> 20) MiB after decompression; refused (set TANGLE_MAX_INPUT_MB to allow more)")
                }
                if status == Z_STREAM_END {
                    if stream.avail_in == 0 { return }
                    inflateReset(&stream)  // next gzip member
                    continue
                }
                if status != Z_OK {
                    let why = stream.msg.map { String(cString: $0) } ?? "corrupt data"
                    throw GraphError(source: source, "gzip data is damaged (\(why))")
                }
                if stream.avail_in == 0 && stream.avail_out != 0 {
                    throw GraphError(source: source, "gzip data is truncated: the compressed stream ends early")
                }
            }
        }
        return output
    }
}

extension Graph {
    /// The same graph made directed (each undirected edge both ways, as
    /// NetworkX's `to_directed`) or undirected (directions merged, weights add).
    public func withDirection(directed: Bool) -> Graph {
        if directed == isDirected { return self }
        var b = GraphBuilder(directed: directed)
        for id in nodeIDs { b.node(id) }
        let weighted = isWeighted
        forEachEdge { u, v, w in
            b.addEdge(Int32(u), Int32(v), weight: weighted ? w : nil)
            if directed && u != v { b.addEdge(Int32(v), Int32(u), weight: weighted ? w : nil) }
        }
        for key in nodeAttributes.keys {
            for node in 0..<nodeCount { if let v = nodeAttributes.value(key, node) { b.setAttribute(node: Int32(node), key, v) } }
        }
        for (key, attrs) in edgeAttributes {
            for (k, v) in attrs {
                b.setEdgeAttribute(key.source, key.target, k, v)
                if directed && key.source != key.target { b.setEdgeAttribute(key.target, key.source, k, v) }
            }
        }
        b.graphAttributes = graphAttributes
        return b.build()
    }
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
