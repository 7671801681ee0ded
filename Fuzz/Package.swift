// swift-tools-version: 6.0
import PackageDescription

// The libFuzzer targets of Plexus's readers, in a package of their own so that the sanitizer
// flags they need never touch Plexus's own build. Built and run by .ci/fuzz:
//
//     swift build -c release --package-path Fuzz --sanitize=fuzzer --sanitize=address
//
// One binary holds every target; PLEXUS_FUZZ_TARGET picks the reader it feeds.
let package = Package(
    name: "PlexusFuzz",
    dependencies: [
        .package(name: "Plexus", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "PlexusFuzz",
            dependencies: [.product(name: "Plexus", package: "Plexus")]
        )
    ],
    swiftLanguageModes: [.v6]
)
