import Foundation
import GraphCore
import Render

/// Where `tangle render` gets positions and communities from when the file
/// does not give them.
///
/// INTERFACE POINT for the lead: the Layout target (ForceAtlas2, multilevel,
/// …) and GraphCore's Louvain are merged separately. Wire them here:
///   - `positions`: for any algorithm the Layout target knows, run it for
///     `iterations` and return its flat x,y[,z] array; keep `circular` and
///     `random` below as they are. Set `defaultName` to the FA2/multilevel one.
///   - `communities`: return `Communities.louvain(graph, seed: seed).label`.
enum RenderLayout {
    static let defaultName = "circular"

    static func positions(_ graph: Graph, algorithm: String, dimension d: Int, iterations: Int?,
                          seed: UInt64) throws -> [Float] {
        let n = graph.nodeCount
        switch algorithm {
        case "circular":
            // 2D: a circle in node order; 3D: a Fibonacci sphere (even spread).
            var p = [Float](repeating: 0, count: n * d)
            for i in 0..<n {
                if d == 2 {
                    let a = 2 * Float.pi * Float(i) / Float(max(n, 1))
                    p[2 * i] = cosf(a); p[2 * i + 1] = sinf(a)
                } else {
                    let y = 1 - 2 * (Float(i) + 0.5) / Float(max(n, 1))
                    let r = (1 - y * y).squareRoot(), a = Float(i) * 2.399963
                    p[3 * i] = r * cosf(a); p[3 * i + 1] = y; p[3 * i + 2] = r * sinf(a)
                }
            }
            return p
        case "random":
            var rng = RandomSource(seed: seed)
            return (0..<(n * d)).map { _ in Float(rng.unit() * 2 - 1) }
        default:
            throw RenderError("layout \"\(algorithm)\" needs the Layout target, which is not in this build yet "
                              + "(available: circular, random; or give --positions)")
        }
    }

    static func communities(_ graph: Graph, seed: UInt64) throws -> [Int32] {
        throw RenderError("--color-by community needs community detection, which is not in this build yet "
                          + "(use degree, none or a node attribute)")
    }
}
