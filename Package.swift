// swift-tools-version: 6.0
import PackageDescription

// Plexus is a library first: no unsafe compiler flags here, so that any package can depend on it.
// The C target holds only the SIMD micro-kernels; they pick their instruction set per function
// (target attributes) and are chosen at run time by CPU detection.
let package = Package(
    name: "Plexus",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Plexus", targets: ["Plexus"]),
        .library(name: "PlexusExplain", targets: ["PlexusExplain"]),
        .executable(name: "plexus", targets: ["PlexusCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Atomics for the worker pool's spin-waits (Synchronization.Atomic needs macOS 15).
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
    ],
    targets: [
        .target(name: "CPlexusKernels"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(
            name: "Plexus",
            dependencies: ["CPlexusKernels", "CZlib", .product(name: "Atomics", package: "swift-atomics")],
            resources: [.copy("Resources/Datasets")],
            linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]
        ),
        // Benchmarks are tools, not the library: their types stay out of `import Plexus`.
        .target(name: "PlexusBench", dependencies: ["Plexus"]),
        // The course's explanations: teaching tools built on the public library, for the command.
        .target(name: "PlexusExplain", dependencies: ["Plexus"]),
        .executableTarget(
            name: "PlexusCLI",
            dependencies: [
                "Plexus",
                "PlexusBench",
                "PlexusExplain",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PlexusTests", dependencies: ["Plexus", "PlexusExplain", "PlexusBench", "CPlexusKernels"],
            resources: [.copy("Data/Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
