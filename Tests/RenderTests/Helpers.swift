import Foundation
import GraphCore
@testable import Render

/// An undirected graph from "a-b" pairs, ids as given.
func graph(_ edges: [(String, String)], isolated: [String] = [], attributes: [String: [String: AttributeValue]] = [:]) -> Graph {
    var b = GraphBuilder(directed: false)
    for (u, v) in edges { b.addEdge(b.node(u), b.node(v)) }
    for id in isolated { _ = b.node(id) }
    for (id, attrs) in attributes {
        let n = b.node(id)
        for (k, v) in attrs { b.setAttribute(node: n, k, v) }
    }
    return b.build()
}

/// A fresh temporary directory, removed by the caller.
func temporaryDirectory() -> String {
    let dir = NSTemporaryDirectory() + "tangle-render-tests-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

/// The repository root, found from this file's path.
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

/// Squared distance between colours.
func distance(_ a: RGB, _ b: RGB) -> Int {
    let dr = Int(a.r) - Int(b.r), dg = Int(a.g) - Int(b.g), db = Int(a.b) - Int(b.b)
    return dr * dr + dg * dg + db * db
}
