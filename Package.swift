// swift-tools-version:6.0
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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GraphCore", dependencies: ["CZlib"]),
        // ncursesw's pkg-config adds -D flags SwiftPM refuses; the module map links it.
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .target(name: "CTermGuard"),
        .target(name: "TUI", dependencies: ["GraphCore", "CNCurses", "CTermGuard"]),
        .systemLibrary(name: "CSixel", path: "Sources/CSixel", pkgConfig: "libsixel",
                       providers: [.apt(["libsixel-dev"])]),
        // Detection, encoders (sixel, kitty) and cell blitters; no GL, ncurses or graphs.
        .target(name: "TerminalGraphics", dependencies: ["CSixel", "CZlib"]),
        // Release-mode encoder benchmark (make bench): ours vs libsixel on the same frames.
        .executableTarget(name: "termgfx-bench", dependencies: ["TerminalGraphics", "CSixel"],
                          path: "bench/termgfx_bench"),
        .executableTarget(
            name: "tangle",
            dependencies: [
                "GraphCore",
                "TerminalGraphics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"]),
        .testTarget(name: "TUITests", dependencies: ["TUI"]),
        .testTarget(name: "TerminalGraphicsTests", dependencies: ["TerminalGraphics", "CSixel", "CZlib"]),
    ],
    swiftLanguageModes: [.v6]
)
