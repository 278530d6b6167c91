import Foundation
import StreamInterface

/// A stand-in for the explorer, for tests and demos of the side server: a
/// ring of coloured discs that keep moving (a "layout" that never settles),
/// seen through a camera that drags, zooms and resets like the explorer's.
public struct DemoScene: Sendable {
    public let width: Int
    public let height: Int
    /// Camera: the point of the scene at the image centre, and the zoom.
    public private(set) var centerX = 0.0
    public private(set) var centerY = 0.0
    public private(set) var zoom = 1.0
    /// Frames drawn so far (the "layout iteration").
    public private(set) var iteration = 0
    public let nodeCount = 48
    private var dragFrom: (x: Double, y: Double)?

    public init(width: Int = 1280, height: Int = 720) {
        self.width = max(8, width)
        self.height = max(8, height)
    }

    // MARK: Interaction (positions are 0…1 across the image)

    /// Primary button down: a drag starts.
    public mutating func pointerDown(x: Double, y: Double) { dragFrom = (x, y) }

    /// Pointer moved; with the button held, the scene follows the pointer.
    public mutating func pointerMove(x: Double, y: Double, dragging: Bool) {
        guard dragging, let from = dragFrom else { return }
        centerX -= (x - from.x) * Double(width) / zoom
        centerY -= (y - from.y) * Double(height) / zoom
        dragFrom = (x, y)
    }

    public mutating func pointerUp() { dragFrom = nil }

    /// Wheel: zoom by 10% a line, up zooms in.
    public mutating func wheel(lines: Double) {
        zoom = min(20, max(0.05, zoom * pow(1.1, -lines)))
    }

    /// Double-click: back to the whole picture.
    public mutating func resetCamera() {
        centerX = 0
        centerY = 0
        zoom = 1
    }

    /// Keys as the explorer maps them: + and - zoom, arrows pan, 0 resets.
    public mutating func key(_ code: UInt32) {
        switch code {
        case 43, 61: zoom = min(20, zoom * 1.25)
        case 45: zoom = max(0.05, zoom / 1.25)
        case 48: resetCamera()
        case WebKey.arrowLeft.rawValue: centerX -= 40 / zoom
        case WebKey.arrowRight.rawValue: centerX += 40 / zoom
        case WebKey.arrowUp.rawValue: centerY -= 40 / zoom
        case WebKey.arrowDown.rawValue: centerY += 40 / zoom
        default: break
        }
    }

    // MARK: Drawing

    /// Draws the next frame into `pixels` (RGBA, `stride` bytes a row) and advances the layout.
    public mutating func render(into pixels: UnsafeMutableRawBufferPointer, stride: Int) {
        iteration += 1
        guard let base = pixels.baseAddress, stride >= width * 4, pixels.count >= stride * height else { return }
        let p = base.assumingMemoryBound(to: UInt8.self)
        // Background: dark, with a faint band that moves so every frame differs.
        let band = (iteration * 7) % height
        for y in 0..<height {
            let row = p + y * stride
            let shade: UInt8 = abs(y - band) < 3 ? 40 : 17
            var x = 0
            while x < width {
                let o = x * 4
                row[o] = shade; row[o + 1] = shade &+ 3; row[o + 2] = shade &+ 7; row[o + 3] = 255
                x += 1
            }
        }
        let t = Double(iteration) * 0.03
        let ring = Double(min(width, height)) * 0.36
        for i in 0..<nodeCount {
            let a = Double(i) / Double(nodeCount) * 2 * Double.pi + t * (i % 2 == 0 ? 1 : -0.6)
            let r = ring * (0.55 + 0.45 * Double((i * 37) % 11) / 10)
            let sx = (r * cos(a) - centerX) * zoom + Double(width) / 2
            let sy = (r * sin(a) - centerY) * zoom + Double(height) / 2
            let radius = max(2, 10 * zoom)
            let colour: (UInt8, UInt8, UInt8) = [(94, 129, 172), (191, 97, 106), (163, 190, 140), (235, 203, 139)][i % 4]
            disc(p, stride: stride, cx: sx, cy: sy, radius: radius, colour: colour)
        }
    }

    private func disc(_ p: UnsafeMutablePointer<UInt8>, stride: Int, cx: Double, cy: Double, radius: Double,
                      colour: (UInt8, UInt8, UInt8)) {
        let x0 = max(0, Int(cx - radius)), x1 = min(width - 1, Int(cx + radius))
        let y0 = max(0, Int(cy - radius)), y1 = min(height - 1, Int(cy + radius))
        guard x0 <= x1, y0 <= y1 else { return }
        let r2 = radius * radius
        for y in y0...y1 {
            let dy = Double(y) - cy
            let row = p + y * stride
            for x in x0...x1 {
                let dx = Double(x) - cx
                if dx * dx + dy * dy <= r2 {
                    row[x * 4] = colour.0; row[x * 4 + 1] = colour.1; row[x * 4 + 2] = colour.2
                }
            }
        }
    }

    /// The status the explorer would write.
    public func status(pid: Int32, fps: Double, updatedAt: Double) -> StreamStatus {
        StreamStatus(pid: pid, graph: .init(name: "demo-discs", nodes: nodeCount, edges: 0),
                     layout: .init(algorithm: "demo-orbit", iteration: iteration, running: true),
                     camera: .init(centerX: centerX, centerY: centerY, zoom: zoom), fps: fps, updatedAt: updatedAt)
    }
}
