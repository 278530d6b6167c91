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
        .library(name: "FrameBus", targets: ["FrameBus"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .target(name: "GraphCore", dependencies: ["CZlib"]),
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
        .testTarget(name: "GraphCoreTests", dependencies: ["GraphCore"]),
        .testTarget(name: "FrameBusTests",
                    dependencies: ["FrameBus", "FrameBusProbeSupport", "framebus-probe", "tangle"]),
    ],
    swiftLanguageModes: [.v6]
)
