/// GLSL 3.30 sources. Nodes are GL_POINTS drawn as anti-aliased discs with an
/// outline (`gl_PointCoord`); edges are GL_LINES indexing the same vertex
/// buffers; the layer program draws the density layer as one textured
/// full-screen quad (the reference the CPU compositor is tested against).
enum Shaders {
    /// Node states in the per-node state buffer.
    enum State: UInt8 { case normal = 0, dimmed = 1, neighbour = 2, match = 3, selected = 4 }

    static let nodeVertex = """
        #version 330 core
        layout(location = 0) in vec3 aPos;
        layout(location = 1) in vec4 aColor;
        layout(location = 2) in float aSize;
        layout(location = 3) in float aState;
        uniform mat4 uMVP;
        uniform float uScale;
        uniform int uPerspective;
        uniform vec2 uFog;
        uniform vec3 uBackground, uOutline, uHighlight, uMatch, uDim;
        uniform float uDimAmount, uOutlineWidth;
        // Constant over a point: flat, so llvmpipe does not interpolate them per pixel.
        flat out vec3 vFill;
        flat out vec3 vRing;
        flat out float vRadius, vRingWidth, vHalf;
        void main() {
            vec4 clip = uMVP * vec4(aPos, 1.0);
            gl_Position = clip;
            float r = aSize * (uPerspective == 1 ? clamp(uScale / max(clip.w, 1e-6), 0.3, 4.0) : uScale);
            vec3 fill = aColor.rgb;
            vec3 ring = uOutline;
            float ow = uOutlineWidth;
            int s = int(aState + 0.5);
            if (s == 4) { fill = uHighlight; r = max(r * 1.4, r + 2.0); ow = max(ow, 1.0); }
            else if (s == 3) { ring = uMatch; ow = max(ow, 2.0); r += 1.5; }
            else if (s == 2) { ring = uHighlight; ow = max(ow, 1.5); }
            else if (s == 1) { fill = mix(fill, uDim, uDimAmount); ring = mix(ring, uDim, uDimAmount); }
            if (uFog.y > 0.0) {
                float t = clamp((clip.w - uFog.x) * uFog.y, 0.0, 1.0) * 0.65;
                fill = mix(fill, uBackground, t);
                ring = mix(ring, uBackground, t);
            }
            vFill = fill;
            vRing = ring;
            vRadius = r;
            vRingWidth = min(ow, r * 0.45);
            // Every pixel whose centre is within r + ½ (the anti-aliased rim) and no more.
            float size = 2.0 * r + 1.0;
            vHalf = size * 0.5;
            gl_PointSize = size;
        }
        """

    static let nodeFragment = """
        #version 330 core
        flat in vec3 vFill;
        flat in vec3 vRing;
        flat in float vRadius, vRingWidth, vHalf;
        out vec4 oColor;
        void main() {
            float d = length((gl_PointCoord - 0.5) * 2.0 * vHalf);
            float cover = clamp(vRadius + 0.5 - d, 0.0, 1.0);
            if (cover <= 0.0) discard;
            float inner = clamp(vRadius - vRingWidth + 0.5 - d, 0.0, 1.0);
            oColor = vec4(mix(vRing, vFill, inner), cover);
        }
        """

    /// Edges: `edgeVertex`/`edgeFragment` interpolate one colour along the
    /// line (uniform and endpoint colouring). Community colouring needs the
    /// provoking vertex's colour too, so it has its own pair
    /// (`COMMUNITY` defined): llvmpipe sets up and interpolates every varying
    /// for each 4×4 block a line touches, and the one-varying program draws
    /// the same lines about a fifth faster.
    static let edgeVertex = edgeVertexSource(community: false)
    static let edgeFragment = edgeFragmentSource(community: false)
    static let communityEdgeVertex = edgeVertexSource(community: true)
    static let communityEdgeFragment = edgeFragmentSource(community: true)

    private static func header(community: Bool) -> String {
        "#version 330 core\n" + (community ? "#define COMMUNITY 1\n" : "")
    }

    private static func edgeVertexSource(community: Bool) -> String {
        header(community: community) + """
            layout(location = 0) in vec3 aPos;
            layout(location = 1) in vec4 aColor;
            uniform mat4 uMVP;
            uniform int uMode;
            uniform vec4 uEdge;
            uniform vec2 uFog;
            out vec4 vColor;
            #ifdef COMMUNITY
            flat out vec4 fColor;
            #endif
            void main() {
                vec4 clip = uMVP * vec4(aPos, 1.0);
                gl_Position = clip;
                vec4 c = uMode == 0 ? uEdge : vec4(aColor.rgb, uEdge.a);
                if (uFog.y > 0.0) c.a *= 1.0 - 0.7 * clamp((clip.w - uFog.x) * uFog.y, 0.0, 1.0);
                vColor = c;
            #ifdef COMMUNITY
                fColor = c;
            #endif
            }
            """
    }

    /// In community mode an edge keeps its endpoints' colour only when both
    /// have the same one: the interpolated colour then equals the provoking
    /// vertex's flat one all along the line.
    private static func edgeFragmentSource(community: Bool) -> String {
        header(community: community) + """
            in vec4 vColor;
            #ifdef COMMUNITY
            flat in vec4 fColor;
            uniform vec4 uEdge;
            #endif
            out vec4 oColor;
            void main() {
            #ifdef COMMUNITY
                oColor = distance(vColor.rgb, fColor.rgb) > 0.004 ? vec4(uEdge.rgb, vColor.a) : fColor;
            #else
                oColor = vColor;
            #endif
            }
            """
    }

    /// A full-screen quad from gl_VertexID (0…3, triangle strip); the texture
    /// holds premultiplied colour, top row first.
    static let layerVertex = """
        #version 330 core
        out vec2 vUV;
        void main() {
            vec2 p = vec2((gl_VertexID & 1) == 0 ? -1.0 : 1.0, gl_VertexID < 2 ? -1.0 : 1.0);
            vUV = vec2((p.x + 1.0) * 0.5, (1.0 - p.y) * 0.5);
            gl_Position = vec4(p, 0.0, 1.0);
        }
        """

    static let layerFragment = """
        #version 330 core
        in vec2 vUV;
        uniform sampler2D uLayer;
        out vec4 oColor;
        void main() { oColor = texture(uLayer, vUV); }
        """
}
