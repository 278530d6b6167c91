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
        // The HTTP side server is its own executable so `tangle` builds without the HTTP stack.
        .executable(name: "tangle-serve", targets: ["tangle-serve"]),
        .library(name: "FrameBus", targets: ["FrameBus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // traits: [] leaves out swift-configuration support, which nothing here uses.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GraphCore", dependencies: ["CZlib"]),
        // ncursesw's pkg-config adds -D flags SwiftPM refuses; the module map links it.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(name: "CTermGuard"),
        .target(name: "TUI", dependencies: ["GraphCore", "CNCurses", "CTermGuard"]),
        // FrameBus: frames and interaction events in POSIX shared memory.
        // CFrameBusAtomics holds the C11 atomics and futex calls it needs.
        .target(name: "CFrameBusAtomics"),
        .target(name: "FrameBus", dependencies: ["CFrameBusAtomics"]),
        // Frame patterns shared by the probe, the tests and the benchmark.
        .target(name: "FrameBusProbeSupport", dependencies: ["FrameBus"]),
        .executableTarget(name: "framebus-probe", dependencies: ["FrameBus", "FrameBusProbeSupport"]),
        .executableTarget(name: "framebus-bench", dependencies: ["FrameBus", "FrameBusProbeSupport"]),
        .executableTarget(
            name: "tangle",
            dependencies: [
                "GraphCore",
                "FrameBus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        // What crosses the boundary between the explorer and tangle-serve (status file,
        // announcement line, key codes); Foundation only, so the TUI can use it cheaply.
        .target(name: "StreamInterface"),
        .target(
            name: "StreamServer",
            dependencies: [
                "CTurboJPEG",
                "FrameBus",
                "StreamInterface",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // A stand-in explorer (moving discs, a camera) for tests, demos and the benchmark.
        .target(name: "StreamDemo", dependencies: ["StreamInterface"]),
        .executableTarget(name: "stream-demo-publisher", dependencies: ["FrameBus", "StreamDemo", "StreamInterface"]),
        .executableTarget(
            name: "tangle-serve",
            dependencies: [
                "StreamServer",
                "StreamDemo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(
            name: "StreamServerTests",
            dependencies: [
                "StreamServer",
                "StreamInterface",
                "StreamDemo",
                "FrameBus",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
            ]),
        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"]),
        .testTarget(name: "TUITests", dependencies: ["TUI"]),
        .testTarget(name: "FrameBusTests",
                    dependencies: ["FrameBus", "FrameBusProbeSupport", "framebus-probe", "tangle"]),
    ],
    swiftLanguageModes: [.v6]
)
