// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "enkat",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "enkat", targets: ["enkat"]),
        .library(name: "EnkatCore", targets: ["EnkatCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "EnkatCore",
            dependencies: ["CYAML"]
        ),
        .executableTarget(
            name: "enkat",
            dependencies: [
                "EnkatCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "EnkatCoreTests",
            dependencies: ["EnkatCore"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
