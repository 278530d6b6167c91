/// Matrix Market coordinate files (`.mtx`), as `scipy.io.mmwrite` and the
/// SuiteSparse collection write them, read as adjacency matrices.
///
/// - Header `%%MatrixMarket matrix coordinate FIELD SYMMETRY` with FIELD
///   `pattern` (unweighted), `integer` or `real` (values are weights) and
///   SYMMETRY `general`, `symmetric`, `hermitian` (real values: the same as
///   symmetric) or `skew-symmetric`. `complex` values and dense `array`
///   files are refused with a message saying so.
/// - Then `%` comment lines, the size line `ROWS COLS ENTRIES` (the matrix
///   must be square: node i is row and column i), and exactly ENTRIES lines
///   `I J [VALUE]` with 1-based indices.
/// - Nodes are `"1"` … `"N"`, all of them, isolated ones included (N is
///   limited by `maxDeclaredNodes`, so a tiny file cannot demand gigabytes).
/// - Lines longer than 64 KiB are refused at once (no Matrix Market line is).
/// - `general` is read undirected unless `ReadOptions.directed == true`;
///   read undirected, a(i,j) and a(j,i) merge into one edge whose weight is
///   their sum (as parallel edges merge everywhere in Tangle).
/// - `symmetric` and `hermitian` are undirected (either triangle is accepted).
/// - `skew-symmetric` (a(j,i) = −a(i,j), no diagonal) is read as a directed
///   graph holding both arcs, i→j with the value and j→i with its negation.
/// - Explicit zero entries are kept as edges of weight 0; NaN values are refused.
enum MatrixMarketReader {
    /// Declared sizes above this are refused: every node gets an id string,
    /// so a one-line file must not be able to ask for billions of them.
    static let maxNodes = 1 << 26

    /// The most nodes a file of `size` bytes may declare: 2^20 whatever the
    /// size (an edgeless million-node graph is a short file), else 16 per byte.
    /// Declared-but-unlisted nodes cost memory and no bytes, so without this a
    /// 40-byte file could ask for gigabytes.
    static func maxDeclaredNodes(fileSize size: Int) -> Int {
        min(maxNodes, max(1 << 20, size.multipliedReportingOverflow(by: 16).overflow ? maxNodes : size * 16))
    }
    /// Every Matrix Market line is short (a header, three numbers); a longer
    /// one means this is not such a file, and is refused before it is scanned.
    static let maxLineBytes = 1 << 16

    enum Symmetry { case general, symmetric, skew }

    static func read(_ input: TextInput, options: ReadOptions) throws -> Graph {
        try input.bytes.withUnsafeBufferPointer { b in
            var t = LineTokenizer(b, input: input, maxLineBytes: maxLineBytes, formatName: "Matrix Market")
            return try read(&t, options: options)
        }
    }

    private static func read(_ t: inout LineTokenizer, options: ReadOptions) throws -> Graph {
        let (pattern, symmetry) = try header(&t)
        // Size line: the first line that is not blank or a comment.
        var sawSize = false
        while try t.nextLine() {
            guard let c = t.firstByte(), c != UInt8(ascii: "%") else { continue }
            sawSize = true
            break
        }
        guard sawSize else { throw t.input.error(at: t.lineStart, "expected the size line 'ROWS COLUMNS ENTRIES', found end of file") }
        let rows = try count(&t, "the number of rows")
        let cols = try count(&t, "the number of columns")
        let entries = try count(&t, "the number of entries")
        if !t.atEndOfLine() {
            throw t.input.error(at: t.cursor, "expected end of line after 'ROWS COLUMNS ENTRIES', found \(t.input.found(at: t.cursor))")
        }
        guard rows == cols else {
            throw t.input.error(at: t.lineStart, "a \(rows)×\(cols) matrix is not square: an adjacency matrix needs as many rows as columns")
        }
        let n = rows
        let allowed = maxDeclaredNodes(fileSize: t.b.count)
        guard n <= allowed else {
            throw t.input.error(at: t.lineStart, "the matrix has \(n) rows; Tangle reads at most \(allowed) nodes from a file of \(t.b.count) bytes (at most \(maxNodes) in all)")
        }
        let (square, overflow) = n.multipliedReportingOverflow(by: n)
        if !overflow && entries > square {
            throw t.input.error(at: t.lineStart, "\(entries) entries cannot fit in a \(n)×\(n) matrix")
        }

        var builder = GraphBuilder(directed: symmetry == .skew || (symmetry == .general && options.directed == true))
        // Declared counts only bound the reservation; the file's size decides.
        builder.reserve(nodes: n, edges: min(entries, t.b.count / 4) * (symmetry == .skew ? 2 : 1))
        var digits: [UInt8] = [UInt8(ascii: "0")]
        for _ in 0..<n {
            incrementDecimal(&digits)
            digits.withUnsafeBufferPointer { _ = builder.node(bytes: $0) }
        }

        var read = 0
        while try t.nextLine() {
            guard let c = t.firstByte(), c != UInt8(ascii: "%") else { continue }
            guard read < entries else {
                throw t.input.error(at: t.cursor, "more entries than the \(entries) the size line declares, found \(t.input.found(at: t.cursor))")
            }
            let i = try index(&t, n, "row")
            let j = try index(&t, n, "column")
            var weight: Double? = nil
            if !pattern {
                let v = try t.requireToken("a value after the row and column (the header says the matrix has values)")
                guard let w = NumberParsing.double(t.b, v.start, v.end) else {
                    throw t.input.error(at: v.start, "expected a number for the entry's value, found \(t.shown(v.start, v.end))")
                }
                if w.isNaN { throw t.input.error(at: v.start, "the entry's value is NaN: weights must be numbers") }
                weight = w
            }
            if !t.atEndOfLine() {
                throw t.input.error(at: t.cursor, "expected end of line after the entry\(pattern ? " (a pattern matrix has no values)" : ""), found \(t.input.found(at: t.cursor))")
            }
            if symmetry == .skew {
                if i == j { throw t.input.error(at: t.lineStart, "a skew-symmetric matrix has no diagonal entries, found (\(i + 1), \(j + 1))") }
                builder.addEdge(i, j, weight: weight)
                builder.addEdge(j, i, weight: weight.map { -$0 })
            } else {
                builder.addEdge(i, j, weight: weight)
            }
            read += 1
        }
        if read < entries {
            throw t.input.error(at: t.b.count, "expected \(entries) entries as the size line declares, found end of file after \(read)")
        }
        return builder.build()
    }

    /// Parses `%%MatrixMarket matrix coordinate FIELD SYMMETRY`.
    private static func header(_ t: inout LineTokenizer) throws -> (pattern: Bool, Symmetry) {
        guard try t.nextLine(), let banner = try t.token(), t.equalsLowercase(banner.start, banner.end, "%%matrixmarket") else {
            throw t.input.error(at: t.lineStart, "expected the header '%%MatrixMarket matrix coordinate …', found \(t.input.found(at: t.lineStart))")
        }
        let object = try t.requireToken("'matrix' after %%MatrixMarket")
        guard t.equalsLowercase(object.start, object.end, "matrix") else {
            throw t.input.error(at: object.start, "expected 'matrix' after %%MatrixMarket, found \(t.shown(object.start, object.end)) (only matrices are graphs)")
        }
        let format = try t.requireToken("'coordinate'")
        if t.equalsLowercase(format.start, format.end, "array") {
            throw t.input.error(at: format.start, "dense 'array' Matrix Market files are not supported: write the matrix in 'coordinate' format (scipy.io.mmwrite does for sparse matrices)")
        }
        guard t.equalsLowercase(format.start, format.end, "coordinate") else {
            throw t.input.error(at: format.start, "expected 'coordinate', found \(t.shown(format.start, format.end))")
        }
        let field = try t.requireToken("a field: pattern, integer or real")
        let pattern: Bool
        if t.equalsLowercase(field.start, field.end, "pattern") { pattern = true }
        else if t.equalsLowercase(field.start, field.end, "integer") || t.equalsLowercase(field.start, field.end, "real")
                    || t.equalsLowercase(field.start, field.end, "double") { pattern = false }
        else if t.equalsLowercase(field.start, field.end, "complex") {
            throw t.input.error(at: field.start, "complex matrices are not supported: an edge weight is one real number")
        } else {
            throw t.input.error(at: field.start, "expected a field (pattern, integer or real), found \(t.shown(field.start, field.end))")
        }
        let sym = try t.requireToken("a symmetry: general, symmetric, skew-symmetric or hermitian")
        let symmetry: Symmetry
        if t.equalsLowercase(sym.start, sym.end, "general") { symmetry = .general }
        else if t.equalsLowercase(sym.start, sym.end, "symmetric") || t.equalsLowercase(sym.start, sym.end, "hermitian") { symmetry = .symmetric }
        else if t.equalsLowercase(sym.start, sym.end, "skew-symmetric") {
            if pattern { throw t.input.error(at: sym.start, "a skew-symmetric matrix needs values: 'pattern skew-symmetric' is not valid Matrix Market") }
            symmetry = .skew
        } else {
            throw t.input.error(at: sym.start, "expected a symmetry (general, symmetric, skew-symmetric or hermitian), found \(t.shown(sym.start, sym.end))")
        }
        if !t.atEndOfLine() {
            throw t.input.error(at: t.cursor, "expected end of line after the header, found \(t.input.found(at: t.cursor))")
        }
        return (pattern, symmetry)
    }

    private static func count(_ t: inout LineTokenizer, _ what: String) throws -> Int {
        let tok = try t.requireToken(what)
        guard let v = t.unsigned(tok.start, tok.end) else {
            throw t.input.error(at: tok.start, "expected \(what) (a non-negative integer), found \(t.shown(tok.start, tok.end))")
        }
        return v
    }

    /// A 1-based row or column index, as a 0-based node.
    private static func index(_ t: inout LineTokenizer, _ n: Int, _ what: String) throws -> Int32 {
        let tok = try t.requireToken("a \(what) index")
        guard let v = t.unsigned(tok.start, tok.end) else {
            throw t.input.error(at: tok.start, "expected a \(what) index (an integer from 1 to \(n)), found \(t.shown(tok.start, tok.end))")
        }
        guard v >= 1 && v <= n else {
            throw t.input.error(at: tok.start, "\(what) index \(v) is out of range: the matrix is \(n)×\(n), so indices run from 1 to \(n)")
        }
        return Int32(v - 1)
    }

    /// Adds one to a decimal number held as ASCII digits (ids "1", "2", … without formatting each).
    static func incrementDecimal(_ digits: inout [UInt8]) {
        var k = digits.count - 1
        while k >= 0 {
            if digits[k] < UInt8(ascii: "9") { digits[k] += 1; return }
            digits[k] = UInt8(ascii: "0")
            k -= 1
        }
        digits.insert(UInt8(ascii: "1"), at: 0)
    }
}
