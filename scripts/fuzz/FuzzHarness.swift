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
    return 0
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
