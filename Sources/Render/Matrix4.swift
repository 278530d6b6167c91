import Foundation

/// A 4×4 matrix in column-major order, the layout GL uniforms take.
public struct Matrix4: Sendable, Equatable {
    public var columns: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>)

    public init(_ c0: SIMD4<Float>, _ c1: SIMD4<Float>, _ c2: SIMD4<Float>, _ c3: SIMD4<Float>) {
        columns = (c0, c1, c2, c3)
    }

    public static let identity = Matrix4(SIMD4(1, 0, 0, 0), SIMD4(0, 1, 0, 0), SIMD4(0, 0, 1, 0), SIMD4(0, 0, 0, 1))

    public static func == (a: Matrix4, b: Matrix4) -> Bool {
        a.columns.0 == b.columns.0 && a.columns.1 == b.columns.1 && a.columns.2 == b.columns.2
            && a.columns.3 == b.columns.3
    }

    @inline(__always)
    public static func * (m: Matrix4, v: SIMD4<Float>) -> SIMD4<Float> {
        m.columns.0 * v.x + m.columns.1 * v.y + m.columns.2 * v.z + m.columns.3 * v.w
    }

    public static func * (a: Matrix4, b: Matrix4) -> Matrix4 {
        Matrix4(a * b.columns.0, a * b.columns.1, a * b.columns.2, a * b.columns.3)
    }

    /// The 16 floats, column by column, for `glUniformMatrix4fv`.
    public var floats: [Float] {
        [columns.0, columns.1, columns.2, columns.3].flatMap { [$0.x, $0.y, $0.z, $0.w] }
    }

    /// Right-handed perspective (as gluPerspective); `fovY` in radians.
    static func perspective(fovY: Float, aspect: Float, near: Float, far: Float) -> Matrix4 {
        let f = 1 / tanf(fovY / 2)
        return Matrix4(SIMD4(f / aspect, 0, 0, 0), SIMD4(0, f, 0, 0),
                       SIMD4(0, 0, (far + near) / (near - far), -1),
                       SIMD4(0, 0, 2 * far * near / (near - far), 0))
    }

    /// A view matrix looking from `eye` at `target` (as gluLookAt).
    static func lookAt(eye: SIMD3<Float>, target: SIMD3<Float>, up: SIMD3<Float>) -> Matrix4 {
        let f = normalize(target - eye)
        let s = normalize(cross(f, up))
        let u = cross(s, f)
        return Matrix4(SIMD4(s.x, u.x, -f.x, 0), SIMD4(s.y, u.y, -f.y, 0), SIMD4(s.z, u.z, -f.z, 0),
                       SIMD4(-dot(s, eye), -dot(u, eye), dot(f, eye), 1))
    }
}

@inline(__always) func dot(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> Float { (a * b).sum() }
@inline(__always) func cross(_ a: SIMD3<Float>, _ b: SIMD3<Float>) -> SIMD3<Float> {
    SIMD3(a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x)
}
@inline(__always) func length(_ a: SIMD3<Float>) -> Float { dot(a, a).squareRoot() }
@inline(__always) func normalize(_ a: SIMD3<Float>) -> SIMD3<Float> {
    let l = length(a)
    return l > 0 ? a / l : a
}
