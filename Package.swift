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
        .library(name: "Render", targets: ["Render"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GraphCore", dependencies: ["CZlib"]),
        .systemLibrary(name: "COSMesa", path: "Sources/COSMesa", pkgConfig: "osmesa",
                       providers: [.apt(["libosmesa6-dev"])]),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),
        .systemLibrary(name: "CTurboJPEG", path: "Sources/CTurboJPEG", pkgConfig: "libturbojpeg",
                       providers: [.apt(["libturbojpeg0-dev"])]),
        .target(name: "Render", dependencies: ["GraphCore", "COSMesa", "CPNG", "CTurboJPEG"]),
        // `render-bench`: frame times of the renderer beside a naive OSMesa loop (make bench).
        .executableTarget(name: "render-bench", dependencies: ["Render", "GraphCore", "COSMesa"],
                          path: "bench/render_bench"),
        .executableTarget(
            name: "tangle",
            dependencies: [
                "GraphCore",
                "Render",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "GraphCore", "CPNG", "CTurboJPEG"]),
    ],
    swiftLanguageModes: [.v6]
)
