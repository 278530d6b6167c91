/// Edge lists: whitespace-separated, CSV or TSV, one edge a line.
///
/// - `#` and `%` start comment lines (and, in whitespace lists, a comment
///   after the fields).
/// - A first line of column names is detected (`source,target,weight`, …);
///   with one, the `weight` column is the weight and other columns are kept
///   as edge attributes.
/// - Without a header, a third column is the weight and must be a number;
///   further columns are kept as attributes `col4`, `col5`, ….
/// - A line with a single id adds an isolated node.
/// - Fields may be quoted with `"…"` (`""` inside is a quote), so ids may hold
///   separators.
enum EdgeListReader {
    /// Ids and fields longer than this are refused: no real id is a megabyte,
    /// and a file that is one long line should fail fast, not crawl.
    static let maxFieldBytes = 1 << 16
    static let maxColumns = 1024

    static let sourceNames: Set<String> = ["source", "src", "from", "u", "node1", "node_1", "id1", "source_id", "sourceid", "from_node", "head", "start", "i"]
    static let targetNames: Set<String> = ["target", "dst", "to", "v", "node2", "node_2", "id2", "target_id", "targetid", "to_node", "tail", "end", "j"]
    static let weightNames: Set<String> = ["weight", "w", "value", "weights", "strength"]

    /// Lines longer than this are refused when streaming (no edge list within
    /// the field and column limits above needs one, unless padded with blanks).
    static let maxLineBytes = 1 << 27
    /// Bytes read from a stream at a time.
    static let chunkBytes = 1 << 20

    /// `fastPath: false` sends every line through the general path (tests compare the two).
    static func read(_ input: TextInput, format: GraphFormat, options: ReadOptions, fastPath: Bool = true) throws -> Graph {
        var builder = GraphBuilder(directed: options.directed ?? false)
        builder.reserve(nodes: input.bytes.count / 40, edges: input.bytes.count / 12)
        var parser = EdgeListParser(source: input.source, separator: separator(format))
        parser.fastPathEnabled = fastPath
        try input.bytes.withUnsafeBufferPointer { b in
            _ = try parser.parse(b, final: true, &builder)
        }
        return finish(&builder)
    }

    /// Reads `head` (the stream's first bytes, already read) and the rest of
    /// `stream` a chunk at a time: the whole file is never in memory at once.
    static func read(head: [UInt8], rest stream: ChunkedInput, format: GraphFormat, options: ReadOptions,
                     chunkBytes: Int = chunkBytes) throws -> Graph {
        var builder = GraphBuilder(directed: options.directed ?? false)
        var parser = EdgeListParser(source: stream.source, separator: separator(format))
        try feed(head: head, rest: stream, chunkBytes: chunkBytes) { buffer, final in
            try parser.parse(buffer, final: final, &builder)
        } unfinishedLine: { buffer in
            try parser.checkUnfinishedLine(buffer)
        }
        return finish(&builder)
    }

    /// Builds the graph from a builder that closures captured: moved out of
    /// the capture first, so `build()` owns the only copy and can free edge
    /// records as it goes (a shared copy would keep them all alive).
    private static func finish(_ builder: inout GraphBuilder) -> Graph {
        var owned = GraphBuilder(directed: builder.isDirected)
        swap(&owned, &builder)
        return owned.build()
    }

    /// Feeds `parse` a buffer holding the unparsed tail plus new bytes, each
    /// time the buffer is full (or the input ends); `parse` returns how much
    /// it used. A single line that fills the buffer doubles it, after
    /// `unfinishedLine` had a chance to refuse it.
    static func feed(head: [UInt8], rest stream: ChunkedInput, chunkBytes: Int,
                       parse: (UnsafeBufferPointer<UInt8>, Bool) throws -> Int,
                       unfinishedLine: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        var capacity = max(chunkBytes, head.count, 1)
        var buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { buffer.deallocate() }
        head.withUnsafeBufferPointer { h in
            if let base = h.baseAddress { buffer.initialize(from: base, count: h.count) }
        }
        var filled = head.count
        var final = false
        while true {
            // Fill the buffer first: parsing a few bytes at a time (pipes
            // deliver 64 KiB) would rescan a long unfinished line each time.
            while filled < capacity && !final {
                let n = try stream.read(into: buffer + filled, count: capacity - filled)
                if n == 0 { final = true } else { filled += n }
            }
            let used = try parse(UnsafeBufferPointer(start: buffer, count: filled), final)
            if final { return }
            if used > 0 {
                (buffer).update(from: buffer + used, count: filled - used)
                filled -= used
            }
            if filled == capacity {
                try unfinishedLine(UnsafeBufferPointer(start: buffer, count: filled))
                guard capacity < maxLineBytes else {
                    throw GraphError(source: stream.source, "a line of more than \(maxLineBytes) bytes: this does not look like an edge list")
                }
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.initialize(from: buffer, count: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
        }
    }

    static func separator(_ format: GraphFormat) -> UInt8? {
        format == .csv ? UInt8(ascii: ",") : format == .tsv ? 0x09 : nil
    }
}
