import TangleBasics
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Layouts that place every node in one go: starting points and choices.
enum SimpleLayouts {
    /// Uniform in a square (cube) of side √n (∛n in 3D) times `spacing`, so
    /// density does not depend on size.
    static func random(_ p: PositionArrays, seed: UInt64, spacing: Double = 1) {
        var rng = SplitMix64(layoutSeed: seed)
        let n = Double(max(1, p.count))
        let side = (p.dimension == 3 ? cbrt(n) : n.squareRoot()) * spacing
        for i in 0..<p.count {
            p.x[i] = rng.signed() * side / 2
            p.y[i] = rng.signed() * side / 2
            p.z[i] = p.dimension == 3 ? rng.signed() * side / 2 : 0
        }
    }

    /// Nodes `nodes` on a circle with unit spacing between neighbours; in 3D
    /// on a Fibonacci sphere instead, so the third axis is used.
    static func circular(_ p: PositionArrays, nodes: [Int32], spacing: Double = 1) {
        let m = nodes.count
        guard m > 1 else {
            for u in nodes { p.x[Int(u)] = 0; p.y[Int(u)] = 0; p.z[Int(u)] = 0 }
            return
        }
        if p.dimension == 3 {
            // Sphere area 4πr² holding m unit discs.
            let r = (Double(m) / (4 * Double.pi)).squareRoot() * spacing * 1.2
            let golden = Double.pi * (3 - 5.0.squareRoot())
            for (k, u) in nodes.enumerated() {
                let zz = 1 - 2 * (Double(k) + 0.5) / Double(m)
                let rr = (1 - zz * zz).squareRoot()
                let a = golden * Double(k)
                p.x[Int(u)] = r * rr * cos(a); p.y[Int(u)] = r * rr * sin(a); p.z[Int(u)] = r * zz
            }
        } else {
            let r = Double(m) * spacing / (2 * Double.pi)
            for (k, u) in nodes.enumerated() {
                let a = 2 * Double.pi * Double(k) / Double(m)
                p.x[Int(u)] = r * cos(a); p.y[Int(u)] = r * sin(a); p.z[Int(u)] = 0
            }
        }
    }
}
