/// Every node's place on screen for one camera pose: top-down pixels, view
/// depth (3D) and drawn radius, in the same arithmetic the shaders use.
/// Labels, picking, the density layer and edge culling all read it; it is
/// recomputed only when positions, sizes or the camera change, into arrays
/// that keep their storage between frames.
final class ScreenProjection {
    private(set) var x: [Float] = []
    private(set) var y: [Float] = []
    private(set) var depth: [Float] = []
    private(set) var radius: [Float] = []
    private(set) var width = 0
    private(set) var height = 0
    private(set) var dimension = 2
    /// Bumped whenever the contents change (the pick index rebuilds on it).
    private(set) var version: UInt64 = 0
    private var key: (UInt64, UInt64, Camera)?

    /// Recomputes unless positions, sizes and camera are those of last time.
    func update(_ scene: Scene, camera: Camera) {
        if let k = key, k.0 == scene.positionsRevision, k.1 == scene.styleRevision, k.2 == camera { return }
        key = (scene.positionsRevision, scene.styleRevision, camera)
        version &+= 1
        let n = scene.nodeCount
        if x.count != n {
            x = Array(repeating: 0, count: n)
            y = x
            depth = x
            radius = x
        }
        width = camera.width
        height = camera.height
        dimension = scene.dimension
        let m = camera.viewProjection
        let d = scene.dimension
        let perspective = camera.dimension == 3
        let scale = camera.nodeScale
        let w = Float(camera.width), h = Float(camera.height)
        scene.positions.withUnsafeBufferPointer { p in
            scene.sizes.withUnsafeBufferPointer { s in
                x.withUnsafeMutableBufferPointer { xs in
                    y.withUnsafeMutableBufferPointer { ys in
                        depth.withUnsafeMutableBufferPointer { ds in
                            radius.withUnsafeMutableBufferPointer { rs in
                                for i in 0..<n {
                                    let px = p[i * d], py = p[i * d + 1], pz = d == 3 ? p[i * d + 2] : 0
                                    let c = m * SIMD4(px, py, pz, 1)
                                    let cw = perspective ? c.w : 1
                                    if perspective && cw <= 1e-6 || !c.x.isFinite || !c.y.isFinite {
                                        xs[i] = .nan; ys[i] = .nan; ds[i] = .infinity; rs[i] = 0
                                        continue
                                    }
                                    xs[i] = (c.x / cw + 1) * 0.5 * w
                                    ys[i] = (1 - c.y / cw) * 0.5 * h
                                    ds[i] = perspective ? cw : 0
                                    rs[i] = s[i] * (perspective ? min(max(scale / cw, 0.3), 4) : scale)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// True when node i's disc can touch the frame.
    @inline(__always)
    func isOnScreen(_ i: Int) -> Bool {
        let r = radius[i] + 2
        return x[i] >= -r && x[i] <= Float(width) + r && y[i] >= -r && y[i] <= Float(height) + r
    }
}
