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
        .library(name: "Layout", targets: ["Layout"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GraphCore", dependencies: ["CZlib"]),
        .target(name: "Layout", dependencies: ["GraphCore"]),
        .executableTarget(
            name: "tangle",
            dependencies: [
                "GraphCore",
                "Layout",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"]),
        .testTarget(name: "LayoutTests", dependencies: ["Layout", "GraphCore"]),
    ],
    swiftLanguageModes: [.v6]
)
