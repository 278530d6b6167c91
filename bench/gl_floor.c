/* The least llvmpipe can spend on a still's edges: the same lines `tangle
 * render` draws (same graph, positions, frame size, fit and culling), drawn
 * in the cheapest way GL offers, to show what the full-detail GL path can
 * reach on this machine.
 *
 *   gl_floor EDGES POSITIONS.csv WIDTH HEIGHT FRAMES MODE
 *
 * MODE lines: GL_LINES, a constant colour, no varyings, no blending, no depth
 *             buffer (cheaper than any picture we draw);
 *      blend: the same, blended as our edges are (SRC_ALPHA, 1 - SRC_ALPHA);
 *      quads: each edge as two triangles one pixel wide, constant colour,
 *             unblended (the other way GL can draw a thin line).
 * Prints "floor MODE EDGES WALL_MS CPU_MS" for each warm frame (the first
 * frame, which compiles shaders and uploads, is not printed).
 *
 * Built by bench/still_bench.py with `cc -O2 gl_floor.c -lOSMesa -lm`.
 */
#define GL_GLEXT_PROTOTYPES 1
#include <GL/osmesa.h>
#include <GL/gl.h>
#include <GL/glext.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double ms(clockid_t clock) {
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void fail(const char *what) {
    fprintf(stderr, "gl_floor: %s\n", what);
    exit(1);
}

static GLuint shader(GLenum kind, const char *source) {
    GLuint s = glCreateShader(kind);
    glShaderSource(s, 1, &source, NULL);
    glCompileShader(s);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) fail("shader did not compile");
    return s;
}

int main(int argc, char **argv) {
    if (argc != 7) fail("usage: gl_floor EDGES POSITIONS.csv WIDTH HEIGHT FRAMES lines|blend|quads");
    const int W = atoi(argv[3]), H = atoi(argv[4]), frames = atoi(argv[5]);
    const char *mode = argv[6];
    if (W <= 0 || H <= 0 || frames <= 0) fail("bad size or frame count");
    if (strcmp(mode, "lines") && strcmp(mode, "blend") && strcmp(mode, "quads")) fail("unknown mode");

    /* Positions: id,x,y with ids 0..n-1 (what `tangle layout` writes for `tangle gen` graphs). */
    FILE *f = fopen(argv[2], "r");
    if (!f) fail("cannot open positions");
    char header[256];
    if (!fgets(header, sizeof header, f)) fail("empty positions");
    size_t n = 0, cap = 1 << 16;
    float *xy = malloc(cap * 2 * sizeof(float));
    long id;
    float x, y;
    while (fscanf(f, "%ld,%f,%f", &id, &x, &y) == 3) {
        if (id < 0) fail("negative id");
        while ((size_t)id >= cap) { cap *= 2; xy = realloc(xy, cap * 2 * sizeof(float)); }
        xy[2 * id] = x;
        xy[2 * id + 1] = y;
        if ((size_t)id + 1 > n) n = id + 1;
    }
    fclose(f);

    /* Fit as `tangle render` does (Camera.fit, margin 32): screen pixels, y down. */
    float lox = INFINITY, loy = INFINITY, hix = -INFINITY, hiy = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        lox = fminf(lox, xy[2 * i]); hix = fmaxf(hix, xy[2 * i]);
        loy = fminf(loy, xy[2 * i + 1]); hiy = fmaxf(hiy, xy[2 * i + 1]);
    }
    const float margin = 32;
    float zoom = fminf((W - 2 * margin) / fmaxf(hix - lox, 1e-6f), (H - 2 * margin) / fmaxf(hiy - loy, 1e-6f));
    float cx = (lox + hix) / 2, cy = (loy + hiy) / 2;
    float *sx = malloc(n * sizeof(float)), *sy = malloc(n * sizeof(float)), *ndc = malloc(n * 2 * sizeof(float));
    for (size_t i = 0; i < n; i++) {
        sx[i] = W / 2.0f + (xy[2 * i] - cx) * zoom;
        sy[i] = H / 2.0f - (xy[2 * i + 1] - cy) * zoom;
        ndc[2 * i] = sx[i] / W * 2 - 1;
        ndc[2 * i + 1] = 1 - sy[i] / H * 2;
    }

    /* Edges, culled as the renderer culls above 5,000 edges: shorter than a pixel, or wholly off one side. */
    f = fopen(argv[1], "r");
    if (!f) fail("cannot open edges");
    size_t m = 0, ecap = 1 << 16, all = 0;
    unsigned *e = malloc(ecap * 2 * sizeof(unsigned));
    long a, b;
    while (fscanf(f, "%ld %ld", &a, &b) == 2) {
        if (a < 0 || b < 0 || (size_t)a >= n || (size_t)b >= n) fail("edge names a node without a position");
        all++;
        if (m + 1 > ecap) { ecap *= 2; e = realloc(e, ecap * 2 * sizeof(unsigned)); }
        e[2 * m] = (unsigned)a;
        e[2 * m + 1] = (unsigned)b;
        m++;
    }
    fclose(f);
    if (all > 5000) {
        size_t kept = 0;
        for (size_t k = 0; k < m; k++) {
            float x0 = sx[e[2 * k]], y0 = sy[e[2 * k]], x1 = sx[e[2 * k + 1]], y1 = sy[e[2 * k + 1]];
            if (fabsf(x1 - x0) < 1 && fabsf(y1 - y0) < 1) continue;
            if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 > W && x1 > W) || (y0 > H && y1 > H)) continue;
            e[2 * kept] = e[2 * k];
            e[2 * kept + 1] = e[2 * k + 1];
            kept++;
        }
        m = kept;
    }

    const int attributes[] = {OSMESA_FORMAT, OSMESA_RGBA, OSMESA_DEPTH_BITS, 0, OSMESA_STENCIL_BITS, 0,
                              OSMESA_ACCUM_BITS, 0, OSMESA_PROFILE, OSMESA_CORE_PROFILE,
                              OSMESA_CONTEXT_MAJOR_VERSION, 3, OSMESA_CONTEXT_MINOR_VERSION, 3, 0};
    OSMesaContext context = OSMesaCreateContextAttribs(attributes, NULL);
    if (!context) fail("no OSMesa 3.3 core context");
    void *pixels = aligned_alloc(64, (size_t)W * H * 4);
    if (!OSMesaMakeCurrent(context, pixels, GL_UNSIGNED_BYTE, W, H)) fail("OSMesaMakeCurrent failed");
    OSMesaPixelStore(OSMESA_Y_UP, 0);

    GLuint program = glCreateProgram();
    glAttachShader(program, shader(GL_VERTEX_SHADER,
        "#version 330 core\nlayout(location = 0) in vec2 aPos;\nvoid main() { gl_Position = vec4(aPos, 0.0, 1.0); }\n"));
    glAttachShader(program, shader(GL_FRAGMENT_SHADER,
        "#version 330 core\nout vec4 oColor;\nvoid main() { oColor = vec4(0.55, 0.6, 0.75, 0.4); }\n"));
    glLinkProgram(program);
    glUseProgram(program);

    GLuint vao, buffers[2];
    glGenVertexArrays(1, &vao);
    glBindVertexArray(vao);
    glGenBuffers(2, buffers);
    glBindBuffer(GL_ARRAY_BUFFER, buffers[0]);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, buffers[1]);
    size_t indices;
    GLenum primitive;
    if (!strcmp(mode, "quads")) {
        /* Four corners per edge, half a pixel either side of the line. */
        float *corners = malloc(m * 8 * sizeof(float));
        unsigned *tri = malloc(m * 6 * sizeof(unsigned));
        for (size_t k = 0; k < m; k++) {
            float x0 = sx[e[2 * k]], y0 = sy[e[2 * k]], x1 = sx[e[2 * k + 1]], y1 = sy[e[2 * k + 1]];
            float dx = x1 - x0, dy = y1 - y0, len = fmaxf(sqrtf(dx * dx + dy * dy), 1e-6f);
            float nx = -dy / len * 0.5f, ny = dx / len * 0.5f;
            float c[8] = {x0 + nx, y0 + ny, x0 - nx, y0 - ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny};
            for (int j = 0; j < 4; j++) {
                corners[8 * k + 2 * j] = c[2 * j] / W * 2 - 1;
                corners[8 * k + 2 * j + 1] = 1 - c[2 * j + 1] / H * 2;
            }
            unsigned base = (unsigned)(4 * k), q[6] = {base, base + 1, base + 2, base + 1, base + 3, base + 2};
            memcpy(tri + 6 * k, q, sizeof q);
        }
        glBufferData(GL_ARRAY_BUFFER, m * 8 * sizeof(float), corners, GL_STATIC_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, m * 6 * sizeof(unsigned), tri, GL_STATIC_DRAW);
        indices = m * 6;
        primitive = GL_TRIANGLES;
    } else {
        glBufferData(GL_ARRAY_BUFFER, n * 2 * sizeof(float), ndc, GL_STATIC_DRAW);
        glBufferData(GL_ELEMENT_ARRAY_BUFFER, m * 2 * sizeof(unsigned), e, GL_STATIC_DRAW);
        indices = m * 2;
        primitive = GL_LINES;
    }
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, NULL);
    glEnableVertexAttribArray(0);
    if (!strcmp(mode, "blend")) {
        glEnable(GL_BLEND);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
    }
    glViewport(0, 0, W, H);
    glClearColor(0.07f, 0.08f, 0.1f, 1);
    for (int frame = 0; frame <= frames; frame++) {
        double t0 = ms(CLOCK_MONOTONIC), c0 = ms(CLOCK_PROCESS_CPUTIME_ID);
        glClear(GL_COLOR_BUFFER_BIT);
        glDrawElements(primitive, (GLsizei)indices, GL_UNSIGNED_INT, NULL);
        glFinish();
        double t1 = ms(CLOCK_MONOTONIC), c1 = ms(CLOCK_PROCESS_CPUTIME_ID);
        if (frame > 0) printf("floor %s %zu %.2f %.2f\n", mode, m, t1 - t0, c1 - c0);
    }
    if (glGetError() != GL_NO_ERROR) fail("GL error");
    OSMesaDestroyContext(context);
    return 0;
}
