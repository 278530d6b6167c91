// libFuzzer entry point over GraphIO.read(bytes:), compiled into one module
// with GraphCore's sources by scripts/fuzz.sh (so it needs no import).
// FUZZ_FORMAT names the format to force (json, pajek, …); unset: detection.
#if canImport(Glibc)
import Glibc
#endif

private let forcedFormat: GraphFormat? = {
    guard let raw = getenv("FUZZ_FORMAT") else { return nil }
    return GraphFormat(rawValue: String(cString: raw))
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for directed in [nil, true] as [Bool?] {
        do {
            let g = try GraphIO.read(bytes: bytes, source: "fuzz", options: ReadOptions(format: forcedFormat, directed: directed))
            checkInvariants(g)
        } catch is GraphError {
            // Refusing bad input with a message is the expected outcome.
        } catch {
            fatalError("a reader threw \(type(of: error)), not GraphError")
        }
        if directed == nil && forcedFormat == nil { break }
    }
    if let format = forcedFormat, format == .edgelist || format == .csv || format == .tsv, !bytes.starts(with: [0x1F, 0x8B]) {
        checkEdgeListPathsAgree(bytes, format)
    }
    return 0
}

/// The edge-list reader's fast path and its streaming (small chunks, so
/// boundaries fall everywhere) must read exactly as the plain whole-input
/// general path: same graph, or the same error at the same place.
private func checkEdgeListPathsAgree(_ bytes: [UInt8], _ format: GraphFormat) {
    let reference = fingerprint { try EdgeListReader.read(TextInput(bytes: bytes, source: "fuzz"), format: format, options: ReadOptions(), fastPath: false) }
    let fast = fingerprint { try EdgeListReader.read(TextInput(bytes: bytes, source: "fuzz"), format: format, options: ReadOptions()) }
    if fast != reference { fatalError("fast path differs:\n\(fast)\nvs general path:\n\(reference)") }
    let chunk = 1 + bytes.count % 13
    let streamed = fingerprint {
        let input = try ChunkedInput(bytes: bytes, source: "fuzz")
        var head: [UInt8] = []
        _ = try input.read(bytes.count % 5, appendingTo: &head)
        return try EdgeListReader.read(head: head, rest: input, format: format, options: ReadOptions(), chunkBytes: chunk)
    }
    if streamed != reference { fatalError("streamed in \(chunk)-byte chunks differs:\n\(streamed)\nvs whole:\n\(reference)") }
}

private func fingerprint(_ read: () throws -> Graph) -> String {
    do {
        let g = try read()
        var s = "\(g.nodeIDs) \(g.edgeCount) \(g.selfLoopCount) \(g.out.offsets) \(g.out.targets) \(g.out.weights ?? [])"
        s += " \(g.edgeAttributeKeys)"
        for (key, attrs) in g.edgeAttributes.sorted(by: { ($0.key.source, $0.key.target) < ($1.key.source, $1.key.target) }) {
            s += " \(key.source)-\(key.target):\(attrs.sorted { $0.key < $1.key })"
        }
        return s
    } catch {
        return "error: \(error)"
    }
}

/// A broken graph is a bug even when nothing trapped: stop so libFuzzer keeps the input.
private func checkInvariants(_ g: Graph) {
    for a in [g.out] + (g.inbound.map { [$0] } ?? []) {
        guard a.offsets.count == g.nodeCount + 1, a.offsets.first == 0, a.offsets.last == a.targets.count else {
            fatalError("offsets do not span the targets")
        }
        if let w = a.weights, w.count != a.targets.count { fatalError("weights misaligned") }
        for u in 0..<g.nodeCount {
            var last: Int32 = -1
            for k in a.offsets[u]..<a.offsets[u + 1] {
                let v = a.targets[k]
                if v <= last || Int(v) >= g.nodeCount { fatalError("row \(u) unsorted or target out of range") }
                last = v
            }
        }
    }
    if g.isDirected != (g.inbound != nil) { fatalError("inbound adjacency does not match directedness") }
    if g.isDirected && g.edgeCount != g.out.targets.count { fatalError("edgeCount wrong") }
}
