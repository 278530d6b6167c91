import COSMesa
import Foundation

/// An OSMesa core-profile context drawing into memory we own: RGBA, 8 bits a
/// channel, top row first (`OSMESA_Y_UP` 0), so a frame needs no readback.
/// Mesa's llvmpipe does the drawing on the CPU — no display, no GPU.
final class GLContext {
    let context: OSMesaContext
    private(set) var width: Int
    private(set) var height: Int
    /// The pixels GL finishes into; replaced (not resized) on resize, so
    /// frames handed out earlier keep valid memory.
    private(set) var storage: PixelStorage
    var buffer: UnsafeMutableRawPointer { storage.pointer }

    init(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 16384, height <= 16384 else {
            throw RenderError("frame size \(width)×\(height) is out of range (1…16384 a side)")
        }
        // llvmpipe starts one raster thread per core unless told; two is what
        // this machine class has, and more only contend with the UI thread.
        if getenv("LP_NUM_THREADS") == nil { setenv("LP_NUM_THREADS", "2", 0) }
        let attributes: [Int32] = [
            OSMESA_FORMAT, Int32(OSMESA_RGBA), OSMESA_DEPTH_BITS, 24, OSMESA_STENCIL_BITS, 0,
            OSMESA_ACCUM_BITS, 0, OSMESA_PROFILE, OSMESA_CORE_PROFILE,
            OSMESA_CONTEXT_MAJOR_VERSION, 3, OSMESA_CONTEXT_MINOR_VERSION, 3, 0,
        ]
        guard let ctx = OSMesaCreateContextAttribs(attributes, nil) else {
            throw RenderError("OSMesa could not create a GL 3.3 core context (is libosmesa6 from Mesa ≥ 17 installed?)")
        }
        context = ctx
        self.width = width
        self.height = height
        storage = PixelStorage(bytes: width * height * 4)
        try makeCurrent()
    }

    deinit {
        OSMesaDestroyContext(context)
    }

    /// Binds the context to this thread and our buffer (cheap; done every frame
    /// so a renderer may be driven from whichever thread owns it at the time).
    func makeCurrent() throws {
        guard OSMesaMakeCurrent(context, buffer, GLenum(GL_UNSIGNED_BYTE), GLsizei(width), GLsizei(height)) != 0 else {
            throw RenderError("OSMesaMakeCurrent failed for a \(width)×\(height) buffer")
        }
        OSMesaPixelStore(OSMESA_Y_UP, 0)
    }

    func resize(width w: Int, height h: Int) throws {
        guard w > 0, h > 0, w <= 16384, h <= 16384 else {
            throw RenderError("frame size \(w)×\(h) is out of range (1…16384 a side)")
        }
        guard w != width || h != height else { return }
        storage = PixelStorage(bytes: w * h * 4)
        width = w
        height = h
        try makeCurrent()
    }

    /// The driver's name and version, e.g. "llvmpipe (LLVM 15.0.6, 256 bits) | 4.5 (Core Profile) Mesa 22.3.6".
    var rendererDescription: String {
        func s(_ name: Int32) -> String {
            guard let p = glGetString(GLenum(name)) else { return "?" }
            return String(cString: p)
        }
        return "\(s(GL_RENDERER)) | \(s(GL_VERSION))"
    }
}

/// Memory for one frame size, kept alive by the context and by the frames that point into it.
final class PixelStorage {
    let pointer: UnsafeMutableRawPointer

    init(bytes: Int) {
        pointer = .allocate(byteCount: bytes, alignment: 64)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
    }

    deinit { pointer.deallocate() }
}

/// Compiles and links a vertex + fragment shader pair; errors carry the driver's log.
func makeProgram(name: String, vertex: String, fragment: String) throws -> GLuint {
    func compile(_ kind: Int32, _ source: String) throws -> GLuint {
        let shader = glCreateShader(GLenum(kind))
        source.withCString { p in
            var ptr: UnsafePointer<GLchar>? = p
            glShaderSource(shader, 1, &ptr, nil)
        }
        glCompileShader(shader)
        var ok: GLint = 0
        glGetShaderiv(shader, GLenum(GL_COMPILE_STATUS), &ok)
        if ok == 0 {
            var log = [GLchar](repeating: 0, count: 4096)
            glGetShaderInfoLog(shader, 4096, nil, &log)
            throw RenderError("\(name) shader did not compile: \(text(log))")
        }
        return shader
    }
    let vs = try compile(GL_VERTEX_SHADER, vertex)
    let fs = try compile(GL_FRAGMENT_SHADER, fragment)
    let program = glCreateProgram()
    glAttachShader(program, vs)
    glAttachShader(program, fs)
    glLinkProgram(program)
    glDeleteShader(vs)
    glDeleteShader(fs)
    var ok: GLint = 0
    glGetProgramiv(program, GLenum(GL_LINK_STATUS), &ok)
    if ok == 0 {
        var log = [GLchar](repeating: 0, count: 4096)
        glGetProgramInfoLog(program, 4096, nil, &log)
        throw RenderError("\(name) program did not link: \(text(log))")
    }
    return program
}

/// A NUL-terminated C character array as a String.
private func text(_ chars: [GLchar]) -> String {
    String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
