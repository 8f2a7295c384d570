// swift-tools-version: 6.0
import PackageDescription

// The products more than one target depends on.
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let mustache: Target.Dependency = .product(name: "Mustache", package: "swift-mustache")
let zipFoundation: Target.Dependency = .product(name: "ZIPFoundation", package: "ZIPFoundation")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let grdb: Target.Dependency = .product(name: "GRDB", package: "GRDB.swift")

let package = Package(
    name: "enkat",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "enkat", targets: ["EnkatMain"]),
        // The web form's server (`enkat serve` runs it from beside `enkat`), a program of its
        // own so that Hummingbird and SwiftNIO are not in the binary every other command starts.
        .executable(name: "enkat-serve", targets: ["EnkatServe"]),
        .library(name: "EnkatCore", targets: ["EnkatCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Survey rounds (`enkat serve --round`): the round's state in SQLite, the admin password
        // as bcrypt, link tokens as SHA-256. Only EnkatServer and `enkat-serve` link them.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // zlib, for writing the Word report's zip package (`ZipWriter`).
        .systemLibrary(
            name: "CEnkatZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // hunspell and its Swedish dictionary (Debian's libhunspell-dev and hunspell-sv, which
        // scripts/install-deps installs; Homebrew's hunspell) are the anonymizer's lexicon, which
        // tells a name from a Swedish word (`SwedishLexicon`). libhunspell is not linked but
        // opened by `enkat compile` when it loads the lexicon (`HunspellLibrary`, dlopen), so that
        // no other command loads it and the C++ runtime behind it.
        // Surveys, validation, drafting, compiling, import and export: everything but the server.
        .target(
            name: "EnkatCore",
            dependencies: [
                "CYAML",
                "CEnkatZlib",
                mustache,
                zipFoundation,
            ]
        ),
        // The local web form (`enkat serve`).
        .target(
            name: "EnkatServer",
            dependencies: [
                "EnkatCore",
                hummingbird,
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                mustache,
                grdb,
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The commands (Sources/enkat), shared by the two programs below.
        .target(
            name: "EnkatCLI",
            dependencies: [
                "EnkatCore",
                argumentParser,
            ],
            path: "Sources/enkat"
        ),
        // `enkat`: every command; `enkat serve` hands over to `enkat-serve`.
        .executableTarget(
            name: "EnkatMain",
            dependencies: ["EnkatCLI"]
        ),
        // `enkat-serve`: the same commands with the web form's server plugged into `serve`.
        .executableTarget(
            name: "EnkatServe",
            dependencies: [
                "EnkatCLI",
                "EnkatCore",
                "EnkatServer",
            ]
        ),
        .testTarget(
            name: "EnkatCoreTests",
            dependencies: [
                "EnkatCore",
                "EnkatCLI",
                argumentParser,
                mustache,
                zipFoundation,
            ],
            // Spreadsheets read from disk by path (made by scripts/make-xlsx-fixture.py).
            exclude: ["Import/Fixtures", "Golden/Files", "Golden/README.md"]
        ),
        .testTarget(
            name: "EnkatServerTests",
            dependencies: [
                "EnkatServer",
                hummingbird,
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                grdb,
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
