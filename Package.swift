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
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        .target(
            name: "EnkatCore",
            dependencies: [
                "CYAML",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
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
