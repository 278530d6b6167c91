import COSMesa
import TangleBasics

/// Draws scenes offscreen with OpenGL 3.3 core on OSMesa (llvmpipe):
/// anti-aliased node discs, alpha-blended edges, selection highlight,
/// labels and a legend, into an RGBA buffer it owns.
///
///     let r = try Renderer(width: 1280, height: 720)
///     var camera = Camera(dimension: 2, width: 1280, height: 720)
///     camera.fit(positions: scene.positions, dimension: 2, animated: false)
///     let frame = try r.render(scene, camera: camera, theme: .dark)
///     // frame.pixels: top row first, frame.stride bytes a row, valid until the next render
///     let node = r.pick(x: 640, y: 360)
///
/// One renderer belongs to one thread at a time (GL contexts are per
/// thread); it re-binds its context at every call, so that thread may change
/// between calls. Buffers are updated in place (`glBufferSubData`) and only
/// when the scene's positions, styles or selection changed; scratch arrays
/// keep their storage, so steady-state frames allocate nothing.
public final class Renderer {
    /// How much to draw. `.full` draws every edge as a GL line (still
    /// pictures); `.interactive` draws edges — and, in graphs above
    /// `interactiveNodeBudget` nodes, the smallest nodes — into a CPU density
    /// layer at reduced resolution and paints the nodes over it on the CPU
    /// (no GL at all), for frame rate while the picture moves.
    public enum Detail: String, Sendable { case full, interactive }

    public var width: Int { gl.width }
    public var height: Int { gl.height }
    /// Most nodes painted as discs at interactive detail; the smallest of the
    /// rest are splatted into the density layer.
    public var interactiveNodeBudget = 20_000
    /// At full detail, graphs with more edges than this skip edges shorter
    /// than a pixel (hidden under their nodes) and edges wholly off screen.
    public var cullingThreshold = 5_000
    public internal(set) var stats = FrameStats()
    /// Asked between batches of edges of a full-detail frame (a million
    /// edges take seconds in llvmpipe): true stops drawing, and the frame
    /// is left unfinished (`stats.stopped`). For pictures given up.
    public var shouldStop: (@Sendable () -> Bool)?
    /// Edges a batch when `shouldStop` is set.
    static let edgeBatch = 1 << 16
    /// The GL driver, e.g. "llvmpipe (LLVM 15.0.6, 256 bits) | 4.5 (Core Profile) Mesa 22.3.6".
    public let driver: String

    let gl: GLContext
    let programs: Programs
    let buffers: Buffers
    let density: DensityLayer
    let projection = ScreenProjection()
    var pickIndex = PickIndex()
    var cache = UploadCache()
    var scratch = Scratch()
    /// Draw interactive frames with GL — the density layer as a textured
    /// quad, GL's nodes over it — as before they were painted on the CPU;
    /// for tests comparing the two.
    var interactiveThroughGL = false

    public init(width: Int, height: Int) throws {
        gl = try GLContext(width: width, height: height)
        driver = gl.rendererDescription
        programs = try Programs()
        buffers = Buffers()
        density = DensityLayer()
        glEnable(GLenum(GL_PROGRAM_POINT_SIZE))
        glDepthFunc(GLenum(GL_LEQUAL))
        let error = glGetError()
        guard error == GLenum(GL_NO_ERROR) else { throw RenderError("GL setup failed (error 0x\(String(error, radix: 16)))") }
    }

    /// Changes the frame size (the camera is told the new size at each render).
    public func resize(width: Int, height: Int) throws {
        try gl.resize(width: width, height: height)
    }

    /// Draws `scene` as seen by `camera` in `theme`. The frame points into
    /// this renderer's buffer (no copy); the next render draws over it.
    public func render(_ scene: Scene, camera: Camera, theme: Theme, detail: Detail = .full) throws -> Frame {
        let t0 = monotonicMilliseconds()
        try gl.makeCurrent()
        var cam = camera
        if cam.width != width || cam.height != height { cam.resize(width: width, height: height) }
        let painted = detail == .interactive && !interactiveThroughGL
        sync(scene, theme: theme, positions: !painted)
        projection.update(scene, camera: cam)
        stats = FrameStats()
        stats.detail = detail
        stats.prepareMs = monotonicMilliseconds() - t0

        let n = scene.nodeCount
        let dimmed = scene.selected != nil || !scene.matches.isEmpty
        let lod = detail == .interactive && n > interactiveNodeBudget
        let edges = scene.showEdges ? scene.edges.count / 2 : 0
        if painted {
            paint(scene, camera: cam, theme: theme, edges: edges, lod: lod, dimmed: dimmed)
        } else {
            drawWithGL(scene, camera: cam, theme: theme, detail: detail, edges: edges, lod: lod, dimmed: dimmed)
        }
        let t1 = monotonicMilliseconds()
        let canvas = Canvas(base: gl.buffer.assumingMemoryBound(to: UInt8.self), width: width, height: height,
                            stride: width * 4)
        if n > 0 { stats.labels = Overlay.draw(scene, projection, theme, on: canvas) }
        stats.overlayMs = monotonicMilliseconds() - t1
        return Frame(pixels: UnsafePointer(canvas.base), width: width, height: height, stride: width * 4,
                     owner: gl.storage)
    }

    /// Full detail (and, for tests, interactive detail the old way: the
    /// density layer as a textured quad under GL's nodes).
    private func drawWithGL(_ scene: Scene, camera cam: Camera, theme: Theme, detail: Detail, edges: Int, lod: Bool,
                            dimmed: Bool) {
        let t0 = monotonicMilliseconds()
        var layerMs = 0.0
        let bg = theme.background.floats
        glViewport(0, 0, GLsizei(width), GLsizei(height))
        glClearColor(bg.x, bg.y, bg.z, 1)
        glClear(GLbitfield(GL_COLOR_BUFFER_BIT) | GLbitfield(GL_DEPTH_BUFFER_BIT))
        glEnable(GLenum(GL_BLEND))
        glBindVertexArray(buffers.vao)
        if scene.nodeCount > 0 {
            if detail == .interactive && (edges > 0 || lod) {
                let l0 = monotonicMilliseconds()
                buildDensityLayer(scene, camera: cam, theme: theme, edges: edges, splat: lod, dimmed: dimmed)
                layerMs = monotonicMilliseconds() - l0
                drawLayerQuad()
            } else if edges > 0 {
                drawEdges(scene, camera: cam, theme: theme, dimmed: dimmed)
            }
            if !stats.stopped {
                if scene.showEdges && scratch.highlightEdgeCount > 0 { drawHighlightEdges(cam, theme) }
                drawNodes(scene, camera: cam, theme: theme, lod: lod)
            }
        }
        glFinish()
        stats.prepareMs += layerMs
        stats.glMs = monotonicMilliseconds() - t0 - layerMs
    }

    /// The node drawn under screen point (x, y) of the last frame, within
    /// `tolerance` pixels of its disc: in 2D the nearest centre, in 3D the
    /// node nearest the viewer. Nil over empty space.
    public func pick(x: Float, y: Float, tolerance: Float = 4) -> Int? {
        if pickIndex.version != projection.version { pickIndex.rebuild(projection) }
        return pickIndex.pick(x: x, y: y, tolerance: tolerance, in: projection)
    }

    /// The node under screen point (x, y) of `scene` seen by `camera` (at
    /// this renderer's size), before drawing it: so a click can select and
    /// the frame it triggers already show the selection.
    public func pick(_ scene: Scene, camera: Camera, x: Float, y: Float, tolerance: Float = 4) -> Int? {
        var cam = camera
        if cam.width != width || cam.height != height { cam.resize(width: width, height: height) }
        projection.update(scene, camera: cam)
        return pick(x: x, y: y, tolerance: tolerance)
    }

    /// Where node `i` was drawn in the last frame (top-down pixels), if on screen.
    public func screenPosition(of i: Int) -> (x: Float, y: Float, radius: Float)? {
        guard i >= 0, i < projection.x.count, projection.x[i].isFinite, projection.isOnScreen(i) else { return nil }
        return (projection.x[i], projection.y[i], projection.radius[i])
    }

    // MARK: Drawing

    /// Many overlapping edges saturate; thin each one out as the count grows.
    func edgeAlpha(_ scene: Scene, _ theme: Theme, dimmed: Bool) -> Float {
        let m = Float(max(scene.edges.count / 2, 1))
        let density = min(max((20_000 / m).squareRoot(), 0.35), 1)
        return theme.edgeAlpha * density * (dimmed ? 1 - theme.dimAmount : 1)
    }

    func fog(_ cam: Camera) -> SIMD2<Float> {
        guard cam.dimension == 3 else { return .zero }
        let r = cam.depthCueRange
        return SIMD2(r.near, 1 / max(r.far - r.near, 1e-6))
    }

    private func drawEdges(_ scene: Scene, camera: Camera, theme: Theme, dimmed: Bool) {
        let count = prepareEdgeIndices(scene)
        guard count > 0 else { return }
        let u = scene.edgeColoring == .community ? programs.communityEdge : programs.edge
        glUseProgram(u.program)
        setEdgeUniforms(u, camera, scene.edgeColoring, theme.edge, edgeAlpha(scene, theme, dimmed: dimmed))
        blendOver()
        glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), buffers.edges)
        guard let shouldStop, count > Self.edgeBatch else {
            glDrawElements(GLenum(GL_LINES), GLsizei(count * 2), GLenum(GL_UNSIGNED_INT), nil)
            stats.edgesDrawn = count
            return
        }
        // In batches, each handed to the rasterizer threads (glFlush) before
        // asking whether to go on; the same lines in the same order, so the
        // same picture.
        var start = 0
        while start < count {
            if shouldStop() { stats.stopped = true; break }
            let n = min(Self.edgeBatch, count - start)
            glDrawElements(GLenum(GL_LINES), GLsizei(n * 2), GLenum(GL_UNSIGNED_INT),
                           UnsafeRawPointer(bitPattern: start * 8))
            glFlush()
            start += n
        }
        stats.edgesDrawn = start
    }

    private func drawHighlightEdges(_ camera: Camera, _ theme: Theme) {
        let u = programs.edge
        glUseProgram(u.program)
        setEdgeUniforms(u, camera, .uniform, theme.highlight, 0.85)
        blendOver()
        glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), buffers.highlightEdges)
        glDrawElements(GLenum(GL_LINES), GLsizei(scratch.highlightEdgeCount * 2), GLenum(GL_UNSIGNED_INT), nil)
    }

    private func setEdgeUniforms(_ u: Programs.Edge, _ cam: Camera, _ mode: Scene.EdgeColoring, _ color: RGB,
                                 _ alpha: Float) {
        var m = cam.viewProjection.floats
        glUniformMatrix4fv(u.mvp, 1, GLboolean(GL_FALSE), &m)
        glUniform1i(u.mode, mode == .uniform ? 0 : mode == .endpoints ? 1 : 2)
        let c = color.floats
        glUniform4f(u.edge, c.x, c.y, c.z, alpha)
        let f = fog(cam)
        glUniform2f(u.fog, f.x, f.y)
    }

    func buildDensityLayer(_ scene: Scene, camera: Camera, theme: Theme, edges: Int, splat: Bool,
                                   dimmed: Bool) {
        let f = fog(camera)
        let drawn = scene.edges.withUnsafeBufferPointer { e in
            projection.x.withUnsafeBufferPointer { x in
                projection.y.withUnsafeBufferPointer { y in
                    projection.depth.withUnsafeBufferPointer { d in
                        scratch.nodeColors.withUnsafeBufferPointer { c in
                            scratch.splatNodes.withUnsafeBufferPointer { s in
                                scene.categories.withUnsafeBufferPointer { cat in
                                    density.build(DensityLayer.Input(
                                        edges: UnsafeBufferPointer(rebasing: e[0..<edges * 2]), x: x, y: y, depth: d,
                                        colors: c, mode: scene.edgeColoring, edgeColor: theme.edge.floats,
                                        alpha: edgeAlpha(scene, theme, dimmed: dimmed), fogNear: f.x, fogScale: f.y,
                                        splat: splat ? s : UnsafeBufferPointer(rebasing: s[0..<0]),
                                        categories: cat), width: width, height: height)
                                }
                            }
                        }
                    }
                }
            }
        }
        stats.edgesDrawn = drawn
        stats.nodesSplatted = splat ? scratch.splatNodes.count : 0
        stats.layerScale = density.divisor
    }

    /// The density layer as a full-screen textured quad: how it was drawn
    /// before the CPU compositor, kept as the reference tests hold it to.
    private func drawLayerQuad() {
        buffers.uploadLayer(density)
        glUseProgram(programs.layer.program)
        glActiveTexture(GLenum(GL_TEXTURE0))
        glBindTexture(GLenum(GL_TEXTURE_2D), buffers.layerTexture)
        glUniform1i(programs.layer.sampler, 0)
        glBlendFuncSeparate(GLenum(GL_ONE), GLenum(GL_ONE_MINUS_SRC_ALPHA), GLenum(GL_ZERO), GLenum(GL_ONE))
        glBindVertexArray(buffers.emptyVAO)
        glDrawArrays(GLenum(GL_TRIANGLE_STRIP), 0, 4)
        glBindVertexArray(buffers.vao)
    }

    /// Colour blends "over"; alpha stays 1 (cleared so), so frames are opaque.
    private func blendOver() {
        glBlendFuncSeparate(GLenum(GL_SRC_ALPHA), GLenum(GL_ONE_MINUS_SRC_ALPHA), GLenum(GL_ZERO), GLenum(GL_ONE))
    }

    private func drawNodes(_ scene: Scene, camera: Camera, theme: Theme, lod: Bool) {
        let u = programs.node
        glUseProgram(u.program)
        var m = camera.viewProjection.floats
        glUniformMatrix4fv(u.mvp, 1, GLboolean(GL_FALSE), &m)
        glUniform1f(u.scale, camera.nodeScale)
        glUniform1i(u.perspective, camera.dimension == 3 ? 1 : 0)
        let f = fog(camera)
        glUniform2f(u.fog, f.x, f.y)
        for (loc, c) in [(u.background, theme.background), (u.outline, theme.outline), (u.highlight, theme.highlight),
                         (u.match, theme.match), (u.dim, theme.dim)] {
            let v = c.floats
            glUniform3f(loc, v.x, v.y, v.z)
        }
        glUniform1f(u.dimAmount, theme.dimAmount)
        glUniform1f(u.outlineWidth, theme.outlineWidth)
        blendOver()
        if camera.dimension == 3 { glEnable(GLenum(GL_DEPTH_TEST)) }
        if lod {
            glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), buffers.lodNodes)
            glDrawElements(GLenum(GL_POINTS), GLsizei(scratch.lodNodeCount), GLenum(GL_UNSIGNED_INT), nil)
            stats.nodesDrawn = scratch.lodNodeCount
        } else {
            glDrawArrays(GLenum(GL_POINTS), 0, GLsizei(scene.nodeCount))
            stats.nodesDrawn = scene.nodeCount
        }
        glDisable(GLenum(GL_DEPTH_TEST))
        // Selected, neighbours and matches again on top, so nothing hides them.
        if scratch.overlayNodeCount > 0 {
            glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), buffers.overlayNodes)
            glDrawElements(GLenum(GL_POINTS), GLsizei(scratch.overlayNodeCount), GLenum(GL_UNSIGNED_INT), nil)
        }
    }
}
