// libFuzzer entry point over PositionsFile.read(text:graph:) (the explorer's
// and `tangle layout`'s --positions CSV), compiled into one module with
// GraphCore's and Layout's sources by scripts/fuzz.sh.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for graph in fuzzGraphs {
        do {
            let p = try PositionsFile.read(text: TextInput(bytes: bytes, source: "fuzz.csv"), graph: graph)
            if p.count != graph.nodeCount { fatalError("positions for \(p.count) nodes, the graph has \(graph.nodeCount)") }
        } catch is GraphError {
            // Refused with a message: expected.
        } catch {
            fatalError("PositionsFile threw \(type(of: error)), not GraphError")
        }
    }
    return 0
}

private let fuzzGraphs: [Graph] = {
    var b = GraphBuilder(directed: false)
    for (u, v) in [("a", "b"), ("b", "c"), ("0", "1"), ("x y", "\"q\"")] { b.addEdge(b.node(u), b.node(v), weight: nil) }
    return [b.build(), GraphBuilder(directed: true).build()]
}()
