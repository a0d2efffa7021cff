// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "soracost",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "soracost", targets: ["soracost"]),
        .library(name: "SoraCostKit", targets: ["SoraCostKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "SoraCostCSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .systemLibrary(
            name: "SoraCostCZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "SoraCostCCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(
            name: "SoraCostKit",
            dependencies: ["SoraCostCSQLite", "SoraCostCCurl", "SoraCostCZlib"]
        ),
        .executableTarget(
            name: "soracost",
            dependencies: [
                "SoraCostKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What both test targets share: the loopback HTTP server, temporary folders, sample
        // log lines, thread-safe counters. A plain target, so it uses only SoraCostKit's public API.
        .target(
            name: "SoraCostTestSupport",
            dependencies: ["SoraCostKit"],
            path: "Tests/SoraCostTestSupport"
        ),
        .testTarget(
            name: "SoraCostKitTests",
            dependencies: ["SoraCostKit", "SoraCostTestSupport"]
        ),
        // End-to-end runs of the built binary; depending on it makes `swift test` build it.
        .testTarget(
            name: "soracostTests",
            dependencies: ["soracost", "SoraCostKit", "SoraCostTestSupport"]
        ),
    ]
)
