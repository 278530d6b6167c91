import Foundation

/// What the explorer tells the side server about itself, for `/stats.json`.
///
/// The explorer writes it as JSON next to its FrameBus segment (see
/// ``StreamStatusFile``), a few times a second at most; `tangle-serve` reads it
/// when a browser asks. Versioned: a reader refuses a `version` it does not know
/// instead of guessing. Add optional fields freely; renaming one needs a new version.
public struct StreamStatus: Codable, Sendable, Equatable {
    /// The layout version of this document.
    public static let currentVersion = 1

    /// The graph on screen.
    public struct GraphInfo: Codable, Sendable, Equatable {
        public var name: String
        public var nodes: Int
        public var edges: Int
        public var directed: Bool

        public init(name: String, nodes: Int, edges: Int, directed: Bool = false) {
            self.name = name
            self.nodes = nodes
            self.edges = edges
            self.directed = directed
        }
    }

    /// The layout's progress.
    public struct LayoutInfo: Codable, Sendable, Equatable {
        /// For example "forceatlas2", "fruchterman-reingold".
        public var algorithm: String
        public var iteration: Int
        public var running: Bool

        public init(algorithm: String, iteration: Int, running: Bool) {
            self.algorithm = algorithm
            self.iteration = iteration
            self.running = running
        }
    }

    /// Where the camera looks: centre in layout coordinates, zoom factor,
    /// and (3D) orbit angles in degrees.
    public struct CameraInfo: Codable, Sendable, Equatable {
        public var centerX: Double
        public var centerY: Double
        public var zoom: Double
        public var yaw: Double
        public var pitch: Double

        public init(centerX: Double, centerY: Double, zoom: Double, yaw: Double = 0, pitch: Double = 0) {
            self.centerX = centerX
            self.centerY = centerY
            self.zoom = zoom
            self.yaw = yaw
            self.pitch = pitch
        }
    }

    public var version: Int
    /// The explorer's process id.
    public var pid: Int32
    public var graph: GraphInfo
    public var layout: LayoutInfo
    public var camera: CameraInfo
    /// Frames the explorer rendered per second, lately.
    public var fps: Double
    /// Wall-clock seconds since 1970 when this was written.
    public var updatedAt: Double

    public init(pid: Int32, graph: GraphInfo, layout: LayoutInfo, camera: CameraInfo, fps: Double,
                updatedAt: Double = Date().timeIntervalSince1970) {
        self.version = Self.currentVersion
        self.pid = pid
        self.graph = graph
        self.layout = layout
        self.camera = camera
        self.fps = fps
        self.updatedAt = updatedAt
    }
}
