import COSMesa

/// The GL objects a renderer keeps for its lifetime, and what it last uploaded.
extension Renderer {
    struct Programs {
        struct Node {
            let program: GLuint
            let mvp, scale, perspective, fog, background, outline, highlight, match, dim, dimAmount, outlineWidth: GLint
        }
        struct Edge { let program: GLuint; let mvp, mode, edge, fog: GLint }
        struct Layer { let program: GLuint; let sampler: GLint }
        let node: Node
        /// Uniform and endpoint colouring; community colouring (see `Shaders`).
        let edge, communityEdge: Edge
        let layer: Layer

        init() throws {
            let n = try makeProgram(name: "node", vertex: Shaders.nodeVertex, fragment: Shaders.nodeFragment)
            func at(_ p: GLuint, _ name: String) -> GLint { glGetUniformLocation(p, name) }
            node = Node(program: n, mvp: at(n, "uMVP"), scale: at(n, "uScale"), perspective: at(n, "uPerspective"),
                        fog: at(n, "uFog"), background: at(n, "uBackground"), outline: at(n, "uOutline"),
                        highlight: at(n, "uHighlight"), match: at(n, "uMatch"), dim: at(n, "uDim"),
                        dimAmount: at(n, "uDimAmount"), outlineWidth: at(n, "uOutlineWidth"))
            func edgeProgram(_ name: String, _ vertex: String, _ fragment: String) throws -> Edge {
                let e = try makeProgram(name: name, vertex: vertex, fragment: fragment)
                return Edge(program: e, mvp: at(e, "uMVP"), mode: at(e, "uMode"), edge: at(e, "uEdge"), fog: at(e, "uFog"))
            }
            edge = try edgeProgram("edge", Shaders.edgeVertex, Shaders.edgeFragment)
            communityEdge = try edgeProgram("community edge", Shaders.communityEdgeVertex, Shaders.communityEdgeFragment)
            let l = try makeProgram(name: "layer", vertex: Shaders.layerVertex, fragment: Shaders.layerFragment)
            layer = Layer(program: l, sampler: at(l, "uLayer"))
        }
    }

    /// Per-node vertex buffers shared by the node and edge programs (edges
    /// index the node buffers), and the index buffers.
    final class Buffers {
        let vao: GLuint
        let emptyVAO: GLuint
        let positions, colors, sizes, states: GLuint
        let edges, highlightEdges, overlayNodes, lodNodes: GLuint

        init() {
            var v = [GLuint](repeating: 0, count: 2)
            glGenVertexArrays(2, &v)
            vao = v[0]
            emptyVAO = v[1]
            var b = [GLuint](repeating: 0, count: 8)
            glGenBuffers(8, &b)
            (positions, colors, sizes, states) = (b[0], b[1], b[2], b[3])
            (edges, highlightEdges, overlayNodes, lodNodes) = (b[4], b[5], b[6], b[7])
        }

        /// The density layer's texture, made on first use (only the GL reference path uploads it).
        private(set) var layerTexture: GLuint = 0
        private var layerTextureSize = (0, 0)

        func uploadLayer(_ layer: DensityLayer) {
            if layerTexture == 0 {
                glGenTextures(1, &layerTexture)
                glBindTexture(GLenum(GL_TEXTURE_2D), layerTexture)
                for (k, v) in [(GL_TEXTURE_MIN_FILTER, GL_LINEAR), (GL_TEXTURE_MAG_FILTER, GL_LINEAR),
                               (GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE), (GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE)] {
                    glTexParameteri(GLenum(GL_TEXTURE_2D), GLenum(k), v)
                }
            }
            glBindTexture(GLenum(GL_TEXTURE_2D), layerTexture)
            glPixelStorei(GLenum(GL_UNPACK_ALIGNMENT), 1)
            let w = GLsizei(layer.layerWidth), h = GLsizei(layer.layerHeight)
            layer.rgba.withUnsafeBytes { bytes in
                if layerTextureSize != (layer.layerWidth, layer.layerHeight) {
                    layerTextureSize = (layer.layerWidth, layer.layerHeight)
                    glTexImage2D(GLenum(GL_TEXTURE_2D), 0, GL_RGBA8, w, h, 0, GLenum(GL_RGBA), GLenum(GL_UNSIGNED_BYTE),
                                 bytes.baseAddress)
                } else {
                    glTexSubImage2D(GLenum(GL_TEXTURE_2D), 0, 0, 0, w, h, GLenum(GL_RGBA), GLenum(GL_UNSIGNED_BYTE),
                                    bytes.baseAddress)
                }
            }
        }

        deinit {
            if layerTexture != 0 { glDeleteTextures(1, &layerTexture) }
            var b = [positions, colors, sizes, states, edges, highlightEdges, overlayNodes, lodNodes]
            glDeleteBuffers(GLsizei(b.count), &b)
            var v = [vao, emptyVAO]
            glDeleteVertexArrays(2, &v)
        }
    }

    /// Revisions of what the GL buffers hold.
    struct UploadCache {
        var graphID: UInt64 = 0
        var positions: UInt64 = 0
        var dimension = 0
        var style: UInt64 = 0
        var theme: Theme?
        var overlay: UInt64 = 0
        /// The edge index buffer holds every edge (not a culled subset).
        var edgesComplete = false
        /// Bytes the edge index buffer has room for: it is filled by the first
        /// full-detail frame, so painted (moving) frames of a big graph never
        /// copy its edges into GL.
        var edgeBufferBytes = 0
    }

    /// Arrays reused from frame to frame.
    struct Scratch {
        var colorBytes: [UInt8] = []
        var nodeColors: [SIMD3<Float>] = []
        var states: [UInt8] = []
        var visibleEdges: [UInt32] = []
        var highlightEdgeCount = 0
        var overlayNodeCount = 0
        var lodNodeCount = 0
        var splatNodes: [Int32] = []
        /// CPU copies for painted (interactive) frames: the nodes drawn at
        /// level of detail, the overlay nodes, the selection's edges (pairs),
        /// and the 3D painting order.
        var lodNodeList: [Int32] = []
        var overlayNodeList: [Int32] = []
        var highlightPairs: [Int32] = []
        var paintOrder: [Int32] = []
        /// Painted frames: nodes by strip of rows (see `bucketByStrip`).
        var stripStart: [Int32] = []
        var stripNodes: [Int32] = []
    }

    // MARK: Uploads

    /// Brings the GL buffers up to date with the scene, touching only what
    /// changed. Positions wait for a frame GL draws (`positions` false:
    /// painted frames never read them from GL).
    func sync(_ scene: Scene, theme: Theme, positions uploadPositions: Bool) {
        let n = scene.nodeCount
        if cache.graphID != scene.graphID {
            cache = UploadCache()
            cache.graphID = scene.graphID
            glBindVertexArray(buffers.vao)
            allocate(buffers.colors, bytes: n * 4, usage: GL_DYNAMIC_DRAW)
            allocate(buffers.sizes, bytes: n * 4, usage: GL_DYNAMIC_DRAW)
            allocate(buffers.states, bytes: n, usage: GL_DYNAMIC_DRAW)
            glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffers.colors)
            glVertexAttribPointer(1, 4, GLenum(GL_UNSIGNED_BYTE), GLboolean(GL_TRUE), 0, nil)
            glEnableVertexAttribArray(1)
            glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffers.sizes)
            glVertexAttribPointer(2, 1, GLenum(GL_FLOAT), GLboolean(GL_FALSE), 0, nil)
            glEnableVertexAttribArray(2)
            glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffers.states)
            glVertexAttribPointer(3, 1, GLenum(GL_UNSIGNED_BYTE), GLboolean(GL_FALSE), 0, nil)
            glEnableVertexAttribArray(3)
            allocate(buffers.lodNodes, bytes: n * 4, usage: GL_DYNAMIC_DRAW, target: GL_ELEMENT_ARRAY_BUFFER)
            allocate(buffers.overlayNodes, bytes: n * 4, usage: GL_DYNAMIC_DRAW, target: GL_ELEMENT_ARRAY_BUFFER)
            scratch.colorBytes = Array(repeating: 0, count: n * 4)
            scratch.nodeColors = Array(repeating: .zero, count: n)
            scratch.states = Array(repeating: 0, count: n)
            scratch.visibleEdges = []
            scratch.splatNodes = []
            scratch.splatNodes.reserveCapacity(n)
        }
        if uploadPositions && cache.positions != scene.positionsRevision {
            glBindVertexArray(buffers.vao)
            glBindBuffer(GLenum(GL_ARRAY_BUFFER), buffers.positions)
            scene.positions.withUnsafeBytes { p in
                if cache.dimension != scene.dimension {
                    glBufferData(GLenum(GL_ARRAY_BUFFER), p.count, p.baseAddress, GLenum(GL_DYNAMIC_DRAW))
                    glVertexAttribPointer(0, GLint(scene.dimension), GLenum(GL_FLOAT), GLboolean(GL_FALSE), 0, nil)
                    glEnableVertexAttribArray(0)
                } else if p.count > 0 {
                    glBufferSubData(GLenum(GL_ARRAY_BUFFER), 0, p.count, p.baseAddress)
                }
            }
            cache.dimension = scene.dimension
            cache.positions = scene.positionsRevision
        }
        if cache.style != scene.styleRevision || cache.theme != theme {
            syncStyle(scene, theme: theme, sizesChanged: cache.style != scene.styleRevision)
            cache.style = scene.styleRevision
            cache.theme = theme
        }
        if cache.overlay != scene.overlayRevision {
            syncOverlay(scene)
            cache.overlay = scene.overlayRevision
        }
    }

    private func allocate(_ buffer: GLuint, bytes: Int, usage: Int32, target: Int32 = GL_ARRAY_BUFFER) {
        glBindBuffer(GLenum(target), buffer)
        glBufferData(GLenum(target), max(bytes, 4), nil, GLenum(usage))
    }

    private func syncStyle(_ scene: Scene, theme: Theme, sizesChanged: Bool) {
        let n = scene.nodeCount
        // Categories are palette slots (-1 for "other") or ramp steps: look each up once.
        let slots = theme.palette.count + 1
        let table = (-1..<Int32(theme.palette.count)).map { theme.color(ofCategory: $0) }
        let ramp = (0..<Theme.rampSteps).map { theme.color(ofCategory: Theme.rampBase + $0) }
        var bytes = scratch.colorBytes, floats = scratch.nodeColors
        scratch.colorBytes = []; scratch.nodeColors = []
        scene.categories.withUnsafeBufferPointer { cats in
            bytes.withUnsafeMutableBufferPointer { bytes in
                floats.withUnsafeMutableBufferPointer { floats in
                    for i in 0..<n {
                        let k = Int(cats[i])
                        let c = k >= -1 && k < slots - 1 ? table[k + 1]
                            : k >= Int(Theme.rampBase) && k < Int(Theme.rampBase + Theme.rampSteps) ? ramp[k - Int(Theme.rampBase)]
                            : theme.color(ofCategory: cats[i])
                        bytes[4 * i] = c.r
                        bytes[4 * i + 1] = c.g
                        bytes[4 * i + 2] = c.b
                        bytes[4 * i + 3] = 255
                        floats[i] = c.floats
                    }
                }
            }
        }
        scratch.colorBytes = bytes; scratch.nodeColors = floats
        upload(buffers.colors, scratch.colorBytes)
        guard sizesChanged else { return }
        upload(buffers.sizes, scene.sizes)
        // Interactive detail in big graphs: GL draws the largest nodes (smallest
        // first, so big ones land on top); the rest are splatted.
        scratch.lodNodeCount = 0
        scratch.lodNodeList.removeAll(keepingCapacity: true)
        scratch.splatNodes.removeAll(keepingCapacity: true)
        if n > interactiveNodeBudget {
            let kept = Self.largest(scene.sizes, interactiveNodeBudget)
            // Splats add up, so their order does not matter: node order reads memory in order.
            var isKept = [Bool](repeating: false, count: n)
            for v in kept { isKept[Int(v)] = true }
            for i in 0..<n where !isKept[i] { scratch.splatNodes.append(Int32(i)) }
            scratch.lodNodeCount = kept.count
            scratch.lodNodeList = kept.map { Int32($0) }
            upload(buffers.lodNodes, kept, target: GL_ELEMENT_ARRAY_BUFFER)
        }
    }

    /// The `count` largest nodes (ties: lower index first), smallest first so
    /// the big ones are drawn on top. Selects before it sorts: a million
    /// nodes cost a partition and a sort of `count` keys, not a full sort.
    static func largest(_ sizes: [Float], _ count: Int) -> [UInt32] {
        // Radii are ≥ 0, where the bits of a Float order as the numbers do; a key
        // ascends as the size descends, then as the index ascends.
        var keys = sizes.indices.map { i -> UInt64 in
            let v = sizes[i]
            let bits: UInt32 = v > 0 ? v.bitPattern : 0
            return UInt64(~bits) << 32 | UInt64(i)
        }
        let k = min(count, keys.count)
        keys.withUnsafeMutableBufferPointer { Self.selectSmallest(k, in: $0) }
        return keys[..<k].sorted(by: >).map { UInt32(truncatingIfNeeded: $0) }
    }

    /// Rearranges `a` so its `k` smallest elements come first (Hoare
    /// quickselect, median of three; keys are distinct).
    static func selectSmallest(_ k: Int, in a: UnsafeMutableBufferPointer<UInt64>) {
        var lo = 0, hi = a.count - 1
        guard k > 0, k < a.count else { return }
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            let pivot = max(min(a[lo], a[mid]), min(max(a[lo], a[mid]), a[hi]))
            var i = lo, j = hi
            while i <= j {
                while a[i] < pivot { i += 1 }
                while a[j] > pivot { j -= 1 }
                if i <= j { a.swapAt(i, j); i += 1; j -= 1 }
            }
            // [lo, j] ≤ pivot ≤ [i, hi]; the k-th smallest (index k - 1) lies in one side.
            if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
        }
    }

    private func syncOverlay(_ scene: Scene) {
        let n = scene.nodeCount
        let active = scene.selected != nil || !scene.matches.isEmpty
        for i in 0..<n { scratch.states[i] = active ? Shaders.State.dimmed.rawValue : Shaders.State.normal.rawValue }
        if !active, let faded = scene.faded, faded.count == n {
            for i in 0..<n where faded[i] { scratch.states[i] = Shaders.State.dimmed.rawValue }
        }
        var overlay: [UInt32] = []
        var highlight: [UInt32] = []
        if let s = scene.selected, s >= 0, s < n {
            for v in scene.neighbours(of: s) {
                scratch.states[v] = Shaders.State.neighbour.rawValue
                overlay.append(UInt32(v))
                highlight.append(UInt32(s))
                highlight.append(UInt32(v))
            }
        }
        for m in scene.matches where m >= 0 && m < n {
            scratch.states[m] = Shaders.State.match.rawValue
            overlay.append(UInt32(m))
        }
        if let s = scene.selected, s >= 0, s < n {
            scratch.states[s] = Shaders.State.selected.rawValue
            overlay.append(UInt32(s))
        }
        upload(buffers.states, scratch.states)
        upload(buffers.overlayNodes, overlay, target: GL_ELEMENT_ARRAY_BUFFER, allocate: true)
        upload(buffers.highlightEdges, highlight, target: GL_ELEMENT_ARRAY_BUFFER, allocate: true)
        scratch.overlayNodeCount = overlay.count
        scratch.highlightEdgeCount = highlight.count / 2
        scratch.overlayNodeList = overlay.map { Int32($0) }
        scratch.highlightPairs = highlight.map { Int32($0) }
    }

    private func upload<T>(_ buffer: GLuint, _ data: [T], target: Int32 = GL_ARRAY_BUFFER, allocate: Bool = false) {
        glBindVertexArray(buffers.vao)
        glBindBuffer(GLenum(target), buffer)
        data.withUnsafeBytes { p in
            if allocate {
                glBufferData(GLenum(target), max(p.count, 4), p.baseAddress, GLenum(GL_DYNAMIC_DRAW))
            } else if p.count > 0 {
                glBufferSubData(GLenum(target), 0, p.count, p.baseAddress)
            }
        }
    }

    /// Fills the edge index buffer for a full-detail frame; returns the edge count.
    /// Small graphs keep every edge uploaded once; big ones drop edges shorter
    /// than a pixel (under their nodes anyway) and edges wholly off one side.
    func prepareEdgeIndices(_ scene: Scene) -> Int {
        let m = scene.edges.count / 2
        if m <= cullingThreshold {
            if !cache.edgesComplete {
                upload(buffers.edges, scene.edges, target: GL_ELEMENT_ARRAY_BUFFER, allocate: cache.edgeBufferBytes < 8 * m)
                cache.edgeBufferBytes = max(cache.edgeBufferBytes, 8 * m)
                cache.edgesComplete = true
            }
            return m
        }
        if scratch.visibleEdges.count < 2 * m { scratch.visibleEdges = [UInt32](repeating: 0, count: 2 * m) }
        if cache.edgeBufferBytes < 8 * m {
            glBindVertexArray(buffers.vao)
            allocate(buffers.edges, bytes: 8 * m, usage: GL_DYNAMIC_DRAW, target: GL_ELEMENT_ARRAY_BUFFER)
            cache.edgeBufferBytes = 8 * m
        }
        let w = Float(width), h = Float(height)
        var kept = 0
        scene.edges.withUnsafeBufferPointer { e in
            projection.x.withUnsafeBufferPointer { x in
                projection.y.withUnsafeBufferPointer { y in
                    scratch.visibleEdges.withUnsafeMutableBufferPointer { out in
                        for k in 0..<m {
                            let u = Int(e[2 * k]), v = Int(e[2 * k + 1])
                            let x0 = x[u], y0 = y[u], x1 = x[v], y1 = y[v]
                            guard x0.isFinite, x1.isFinite else { continue }
                            if abs(x1 - x0) < 1 && abs(y1 - y0) < 1 { continue }
                            if (x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 > w && x1 > w) || (y0 > h && y1 > h) {
                                continue
                            }
                            out[2 * kept] = UInt32(u)
                            out[2 * kept + 1] = UInt32(v)
                            kept += 1
                        }
                    }
                }
            }
        }
        glBindVertexArray(buffers.vao)
        glBindBuffer(GLenum(GL_ELEMENT_ARRAY_BUFFER), buffers.edges)
        scratch.visibleEdges.withUnsafeBytes { p in
            glBufferSubData(GLenum(GL_ELEMENT_ARRAY_BUFFER), 0, kept * 8, p.baseAddress)
        }
        cache.edgesComplete = false
        stats.edgesSkipped = m - kept
        return kept
    }
}
