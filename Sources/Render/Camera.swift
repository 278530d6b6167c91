import Foundation

/// Where the viewer stands: 2D pan/zoom or 3D orbit/pan/zoom, in one value
/// that the TUI's keys and mouse and the browser's input both drive.
///
/// Two poses: `pose` is what is drawn, `goal` is where it is heading.
/// Dragging (pan, orbit) moves both at once, so the picture follows the
/// pointer; zoom, fit and reset move the goal and `advance(by:)` eases the
/// pose towards it, so a layout that keeps moving (re-fitted every frame)
/// never makes the picture jump. Screen coordinates are pixels, origin at the
/// top left, y down — as terminals and browsers report the pointer.
public struct Camera: Sendable, Equatable {
    /// One pose of the camera.
    public struct Pose: Sendable, Equatable, Codable {
        /// The world point at the middle of the view (2D), or orbited (3D).
        public var center: SIMD3<Float>
        /// 2D: pixels per world unit.
        public var zoom: Float
        /// 3D: distance from the eye to `center`, world units.
        public var distance: Float
        /// 3D: turn about the vertical axis and tilt, radians.
        public var yaw: Float
        public var pitch: Float
    }

    /// 2 or 3.
    public private(set) var dimension: Int
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var pose: Pose
    public private(set) var goal: Pose
    /// The pose of the last fit; `reset` returns here.
    public private(set) var home: Pose
    /// Radius of the positions at the last fit (3D clip planes, depth cueing).
    public private(set) var sceneRadius: Float = 1
    /// Vertical field of view in 3D, radians.
    public var fieldOfView: Float = 40 * .pi / 180
    /// Seconds for the remaining way to the goal to halve.
    public var halfLife: Double = 0.07

    static let defaultYaw: Float = 0.6
    static let defaultPitch: Float = 0.35

    public init(dimension: Int = 2, width: Int, height: Int) {
        self.dimension = dimension == 3 ? 3 : 2
        self.width = max(width, 1)
        self.height = max(height, 1)
        let p = Pose(center: .zero, zoom: Float(min(width, height)) / 2, distance: 3,
                     yaw: Camera.defaultYaw, pitch: Camera.defaultPitch)
        pose = p
        goal = p
        home = p
    }

    /// Changes the viewport; the picture keeps its middle and scale.
    public mutating func resize(width: Int, height: Int) {
        self.width = max(width, 1)
        self.height = max(height, 1)
    }

    /// Switches between 2D and 3D (call `fit` after, with positions of that dimension).
    public mutating func setDimension(_ d: Int) { dimension = d == 3 ? 3 : 2 }

    /// True when the pose has reached its goal.
    public var isSettled: Bool { pose == goal }

    /// Eases the pose towards the goal; returns true while it is still moving.
    @discardableResult
    public mutating func advance(by seconds: Double) -> Bool {
        guard !isSettled else { return false }
        let k = Float(1 - pow(0.5, max(seconds, 0) / halfLife))
        func lerp(_ a: Float, _ b: Float) -> Float { a + (b - a) * k }
        func lerpLog(_ a: Float, _ b: Float) -> Float { a * powf(b / a, k) }
        var p = pose
        p.center += (goal.center - p.center) * k
        p.zoom = lerpLog(p.zoom, goal.zoom)
        p.distance = lerpLog(p.distance, goal.distance)
        p.yaw = lerp(p.yaw, goal.yaw)
        p.pitch = lerp(p.pitch, goal.pitch)
        // Close enough that no pixel would change: arrive.
        let pixel = 0.05 / max(dimension == 2 ? p.zoom : pixelsPerUnit(distance: p.distance), 1e-9)
        if length(goal.center - p.center) < pixel, abs(p.zoom / goal.zoom - 1) < 1e-4,
           abs(p.distance / goal.distance - 1) < 1e-4, abs(p.yaw - goal.yaw) < 1e-4,
           abs(p.pitch - goal.pitch) < 1e-4 {
            p = goal
        }
        pose = p
        return !isSettled
    }

    /// Puts the camera where it was (undo, a saved session): this pose,
    /// home and scene radius, at once.
    public mutating func restore(pose p: Pose, home h: Pose, sceneRadius r: Float) {
        pose = p
        goal = p
        home = h
        sceneRadius = r > 0 && r.isFinite ? r : 1
    }

    /// Jumps to the goal at once (snapshots, tests).
    public mutating func settle() { pose = goal }

    /// Frames `positions` (x,y[,z] per node, `dimension` floats each) with a
    /// margin in pixels; becomes the new home. Non-finite coordinates are ignored.
    public mutating func fit(positions: [Float], dimension d: Int, margin: Float = 24, animated: Bool = true) {
        let d = d == 3 ? 3 : 2
        var lo = SIMD3<Float>(repeating: .infinity), hi = SIMD3<Float>(repeating: -.infinity)
        var i = 0
        while i + d <= positions.count {
            let p = SIMD3(positions[i], positions[i + 1], d == 3 ? positions[i + 2] : 0)
            if p.x.isFinite && p.y.isFinite && p.z.isFinite {
                lo = pointwiseMin(lo, p)
                hi = pointwiseMax(hi, p)
            }
            i += d
        }
        if lo.x > hi.x { lo = SIMD3(-1, -1, -1); hi = SIMD3(1, 1, 1) }
        let center = (lo + hi) / 2
        var g = goal
        g.center = center
        if dimension == 2 {
            let span = pointwiseMax(hi - lo, SIMD3(repeating: 1e-6))
            let usableW = max(Float(width) - 2 * margin, 1), usableH = max(Float(height) - 2 * margin, 1)
            g.zoom = min(usableW / span.x, usableH / span.y)
            if !g.zoom.isFinite || g.zoom <= 0 { g.zoom = 1 }
            sceneRadius = max(length(hi - lo) / 2, 1e-6)
        } else {
            var r: Float = 0
            i = 0
            while i + d <= positions.count {
                let p = SIMD3(positions[i], positions[i + 1], d == 3 ? positions[i + 2] : 0)
                if p.x.isFinite && p.y.isFinite && p.z.isFinite { r = max(r, length(p - center)) }
                i += d
            }
            r = max(r, 1e-6)
            sceneRadius = r
            // Fit the sphere in the narrower of the two fields of view, leaving the margin.
            let aspect = Float(width) / Float(height)
            let halfY = fieldOfView / 2
            let halfX = atanf(tanf(halfY) * aspect)
            let half = min(halfX, halfY)
            let shrink = 1 - 2 * margin / Float(min(width, height))
            g.distance = r / sinf(half) / max(shrink, 0.5)
        }
        goal = g
        home = g
        if !animated { pose = g }
    }

    /// Back to the last fit, facing the default way.
    public mutating func reset(animated: Bool = true) {
        goal = home
        goal.yaw = Camera.defaultYaw
        goal.pitch = Camera.defaultPitch
        if !animated { pose = goal }
    }

    /// Moves the picture by (dx, dy) pixels, as a drag does.
    public mutating func pan(dx: Float, dy: Float) {
        let delta: SIMD3<Float>
        if dimension == 2 {
            delta = SIMD3(-dx / pose.zoom, dy / pose.zoom, 0)
        } else {
            let (right, up, _) = axes(pose)
            let unit = 1 / pixelsPerUnit(distance: pose.distance)
            delta = (-right * dx + up * dy) * unit
        }
        pose.center += delta
        goal.center += delta
    }

    /// Zooms by `factor` (>1 closer), keeping the world point under (x, y)
    /// in place (2D; 3D zooms towards the centre).
    public mutating func zoom(by factor: Float, atX x: Float? = nil, y: Float? = nil, animated: Bool = true) {
        guard factor.isFinite, factor > 0 else { return }
        if dimension == 2 {
            let sx = (x ?? Float(width) / 2) - Float(width) / 2
            let sy = (y ?? Float(height) / 2) - Float(height) / 2
            let world = goal.center + SIMD3(sx / goal.zoom, -sy / goal.zoom, 0)
            let z = min(max(goal.zoom * factor, 1e-9), 1e12)
            goal.zoom = z
            goal.center = world - SIMD3(sx / z, -sy / z, 0)
        } else {
            goal.distance = min(max(goal.distance / factor, sceneRadius * 1e-3), sceneRadius * 1e3)
        }
        if !animated { pose = goal }
    }

    /// Turns the 3D view about its centre by radians (a drag turns both at once).
    public mutating func orbit(yaw dYaw: Float, pitch dPitch: Float) {
        guard dimension == 3 else { return }
        let limit: Float = 1.55
        pose.yaw += dYaw
        goal.yaw += dYaw
        pose.pitch = min(max(pose.pitch + dPitch, -limit), limit)
        goal.pitch = min(max(goal.pitch + dPitch, -limit), limit)
    }

    // MARK: Projection

    /// World to clip space for the drawn pose.
    public var viewProjection: Matrix4 {
        if dimension == 2 {
            let sx = 2 * pose.zoom / Float(width), sy = 2 * pose.zoom / Float(height)
            return Matrix4(SIMD4(sx, 0, 0, 0), SIMD4(0, sy, 0, 0), SIMD4(0, 0, 0, 0),
                           SIMD4(-pose.center.x * sx, -pose.center.y * sy, 0, 1))
        }
        let (near, far) = clipPlanes
        let proj = Matrix4.perspective(fovY: fieldOfView, aspect: Float(width) / Float(height),
                                       near: near, far: far)
        return proj * view
    }

    var view: Matrix4 {
        let (_, up, forward) = axes(pose)
        let eye = pose.center - forward * pose.distance
        return Matrix4.lookAt(eye: eye, target: pose.center, up: up)
    }

    /// Near and far planes around the scene sphere.
    var clipPlanes: (Float, Float) {
        let r = sceneRadius
        return (max(pose.distance - 2 * r, pose.distance * 1e-3), pose.distance + 2 * r)
    }

    /// View depths over which 3D depth cueing fades from none to full.
    public var depthCueRange: (near: Float, far: Float) {
        (max(pose.distance - sceneRadius, 0), pose.distance + sceneRadius)
    }

    /// How much node sizes grow with zoom: 1 at the last fit (2D), and, in 3D,
    /// the depth at which nodes are drawn at their own size.
    public var nodeScale: Float {
        if dimension == 2 { return min(max((pose.zoom / home.zoom).squareRoot(), 0.35), 3) }
        return home.distance
    }

    /// A world point on screen: (x, y) in top-down pixels and the view depth
    /// (3D; 0 in 2D). Nil when it is behind the eye.
    @inline(__always)
    public func project(_ p: SIMD3<Float>, with m: Matrix4) -> SIMD3<Float>? {
        let c = m * SIMD4(p.x, p.y, p.z, 1)
        if dimension == 3 && c.w <= 1e-6 { return nil }
        let w = dimension == 3 ? c.w : 1
        let x = (c.x / w + 1) * 0.5 * Float(width)
        let y = (1 - c.y / w) * 0.5 * Float(height)
        return SIMD3(x, y, dimension == 3 ? c.w : 0)
    }

    /// Right, up and forward unit vectors of a pose (forward points into the screen).
    func axes(_ p: Pose) -> (SIMD3<Float>, SIMD3<Float>, SIMD3<Float>) {
        let forward = -SIMD3(cosf(p.pitch) * sinf(p.yaw), sinf(p.pitch), cosf(p.pitch) * cosf(p.yaw))
        let right = normalize(cross(forward, SIMD3(0, 1, 0)))
        let up = cross(right, forward)
        return (right, up, forward)
    }

    /// Pixels per world unit at the centre's depth, in 3D.
    func pixelsPerUnit(distance: Float) -> Float {
        Float(height) / (2 * distance * tanf(fieldOfView / 2))
    }
}
