#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one step of an iterative layout reports.
struct StepReport: Sendable {
    /// ForceAtlas2's global speed; the step length (temperature) for the others.
    var globalSpeed: Double
    /// Mean distance a node moved in this step.
    var meanMove: Double
    var converged: Bool
}

/// A layout that improves positions one step at a time on reused buffers.
protocol IterativeLayout: AnyObject {
    func step(_ positions: PositionArrays, parameters: LayoutParameters) -> StepReport
    /// Forgets speed and temperature history (after a reset or an outside move).
    func reset()
}

// libm without Foundation's overhead in the hot loops.
@inline(__always) func libmPow(_ a: Double, _ b: Double) -> Double { pow(a, b) }
@inline(__always) func libmLog1p(_ a: Double) -> Double { log1p(a) }
