/// An immutable picture of a running layout: positions from exactly one
/// finished step, with the step's number and speed. Readers keep it as long
/// as they like; the runner never changes it.
public final class LayoutSnapshot: Sendable {
    /// Steps done since the start or the last reset.
    public let iteration: Int
    /// Increases by one with every snapshot the runner publishes.
    public let generation: Int
    /// ForceAtlas2's global speed, the FR step length, 0 for one-shot layouts.
    public let globalSpeed: Double
    public let converged: Bool
    /// True while the runner steps on its own (not paused, not converged).
    public let isRunning: Bool
    /// Steps per second over the last half second of running.
    public let stepsPerSecond: Double
    public let algorithm: LayoutAlgorithm
    /// The parameters the step that made these positions used.
    public let parameters: LayoutParameters
    public let dimension: Int
    /// x0, y0[, z0], x1, … : `dimension` floats per node, node order.
    public let positions: [Float]
    /// Where a multilevel layout stands (nil for the other algorithms).
    public let progress: LayoutProgress?
    /// The positions are the random start of a layout that has not placed
    /// anything yet: not worth drawing in detail.
    public let provisional: Bool
    /// Sum of `positions` as the runner computed it when publishing; lets a
    /// reader check it holds one whole step.
    public let checksum: Double

    init(iteration: Int, generation: Int, globalSpeed: Double, converged: Bool, isRunning: Bool,
         stepsPerSecond: Double, algorithm: LayoutAlgorithm, parameters: LayoutParameters,
         source: PositionArrays, progress: LayoutProgress? = nil, provisional: Bool = false) {
        self.progress = progress
        self.provisional = provisional
        self.iteration = iteration
        self.generation = generation
        self.globalSpeed = globalSpeed
        self.converged = converged
        self.isRunning = isRunning
        self.stepsPerSecond = stepsPerSecond
        self.algorithm = algorithm
        self.parameters = parameters
        let dim = source.dimension
        dimension = dim
        var sum = 0.0
        positions = [Float](unsafeUninitializedCapacity: source.count * dim) { buffer, count in
            for i in 0..<source.count {
                let x = Float(source.x[i]), y = Float(source.y[i])
                buffer[i * dim] = x; buffer[i * dim + 1] = y
                sum += Double(x) + Double(y)
                if dim == 3 { let z = Float(source.z[i]); buffer[i * dim + 2] = z; sum += Double(z) }
            }
            count = source.count * dim
        }
        checksum = sum
    }

    public var nodeCount: Int { positions.count / max(1, dimension) }

    /// The position of `node` (z = 0 in 2D).
    public func position(of node: Int) -> SIMD3<Float> {
        let b = node * dimension
        return SIMD3(positions[b], positions[b + 1], dimension == 3 ? positions[b + 2] : 0)
    }

    /// The positions as doubles, e.g. to write with PositionsFile.
    public var layoutPositions: LayoutPositions {
        LayoutPositions(dimension: dimension, coordinates: positions.map(Double.init))
    }
}
