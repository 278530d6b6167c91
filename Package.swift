// swift-tools-version:6.1
// Tangle: a network explorer that lives in the terminal.
// One target per layer (see DESIGN.md); lower layers never import higher ones.
import PackageDescription

let package = Package(
    name: "Tangle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tangle", targets: ["tangle"]),
        .library(name: "GraphCore", targets: ["GraphCore"]),
        .library(name: "TerminalGraphics", targets: ["TerminalGraphics"]),
        .library(name: "FrameBus", targets: ["FrameBus"]),
        .library(name: "Layout", targets: ["Layout"]),
        .library(name: "Render", targets: ["Render"]),
        // The HTTP side server is its own executable so `tangle` builds without the HTTP stack.
        .executable(name: "tangle-serve", targets: ["tangle-serve"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The side server's HTTP stack; only StreamServer and tangle-serve use it.
        // traits: [] leaves out swift-configuration support, which nothing here uses.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // 1.16: LogEvent (tangle-serve's rate-limited log handler).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // C libraries, each through a small system-library target.
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CSixel", path: "Sources/CSixel", pkgConfig: "libsixel",
                       providers: [.apt(["libsixel-dev"])]),
        // ncursesw's pkg-config adds -D flags SwiftPM refuses; the module map links it.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(name: "CTermGuard"),
        // C11 atomics and futex calls for the shared-memory bus.
        .target(name: "CFrameBusAtomics"),
        .systemLibrary(name: "COSMesa", path: "Sources/COSMesa", pkgConfig: "osmesa",
                       providers: [.apt(["libosmesa6-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),

        // Layers. TangleBasics (one clock, one seeded generator, thread priority) sits under all of them.
        .target(name: "TangleBasics"),
        .target(name: "GraphCore", dependencies: ["CZlib", "TangleBasics"]),
        .target(name: "Layout", dependencies: ["GraphCore", "TangleBasics"]),
        // Offscreen OpenGL (OSMesa) drawing, camera, picking, themes, PNG/JPEG.
        .target(name: "Render", dependencies: ["GraphCore", "COSMesa", "CPNG", "CTurboJPEG", "TangleBasics"]),
        // Detection, encoders (sixel, kitty) and cell blitters; no GL, ncurses or graphs.
        .target(name: "TerminalGraphics", dependencies: ["CSixel", "CZlib", "TangleBasics"]),
        // Frames and interaction events in POSIX shared memory.
        .target(name: "FrameBus", dependencies: ["CFrameBusAtomics", "TangleBasics"]),
        // What the explorer and the side server share: announcements, status, web key codes.
        .target(name: "StreamInterface"),
        .target(name: "TUI", dependencies: ["GraphCore", "Layout", "Render", "StreamInterface", "CNCurses", "CTermGuard", "TerminalGraphics", "FrameBus", "TangleBasics"]),
        // The HTTP side server (MJPEG out, WebSocket input, token); kept out of `tangle`.
        .target(
            name: "StreamServer",
            dependencies: [
                "CTurboJPEG",
                "FrameBus",
                "TangleBasics",
                "StreamInterface",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "tangle-serve",
            dependencies: [
                "StreamServer",
                "StreamDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "tangle",
            dependencies: [
                "GraphCore", "Layout", "Render", "TerminalGraphics", "FrameBus", "TUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["VersionStamp"]),
        // Writes the commit `tangle --version` names, before each build (nothing committed).
        .plugin(name: "VersionStamp", capability: .buildTool()),

        // Test and benchmark helpers.
        // A stand-in explorer (moving discs, a camera) for the side server's tests, demo and benchmark.
        .target(name: "StreamDemo", dependencies: ["StreamInterface"]),
        .executableTarget(name: "stream-demo-publisher", dependencies: ["FrameBus", "StreamDemo", "StreamInterface"]),
        .target(name: "FrameBusProbeSupport", dependencies: ["FrameBus", "TangleBasics"]),
        .executableTarget(name: "framebus-probe", dependencies: ["FrameBus", "FrameBusProbeSupport"]),
        .executableTarget(name: "framebus-bench", dependencies: ["FrameBus", "FrameBusProbeSupport", "TangleBasics"]),
        .executableTarget(name: "render-bench", dependencies: ["Render", "GraphCore", "COSMesa", "TangleBasics"],
                          path: "bench/render_bench"),
        .executableTarget(name: "termgfx-bench", dependencies: ["TerminalGraphics", "CSixel", "TangleBasics"],
                          path: "bench/termgfx_bench"),

        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore", "TangleBasics"]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout", "GraphCore", "TangleBasics"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "GraphCore", "CPNG", "CTurboJPEG"]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "CSixel", "CZlib", "TangleBasics"]),
        .testTarget(name: "FrameBusTests",
                    dependencies: ["FrameBus", "FrameBusProbeSupport", "framebus-probe", "tangle", "TangleBasics"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "GraphCore", "Layout", "Render", "TerminalGraphics", "FrameBus", "TangleBasics"]),
        .testTarget(
            name: "StreamServerTests",
            dependencies: [
                "StreamServer",
                "TangleBasics",
                "StreamInterface",
                "StreamDemo",
                "FrameBus",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
