// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "novelist",
    products: [
        .executable(name: "novelist", targets: ["novelist"]),
        .library(name: "NovelistCore", targets: ["NovelistCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // The layers; dependencies point one way (the compiler holds the direction):
        // novelist → Core (+Mustache) → Story (+Yams), LLM (+CCurl, the only one linking curl) → Text (no dependencies).
        .target(name: "NovelistText", swiftSettings: strict),
        .target(
            name: "NovelistStory",
            dependencies: ["NovelistText", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict
        ),
        .target(name: "NovelistLLM", dependencies: ["NovelistText", "CCurl"], swiftSettings: strict),
        .target(
            name: "NovelistCore",
            dependencies: [
                "NovelistText", "NovelistStory", "NovelistLLM",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strict
        ),
        // Test support: an in-memory file system, a scripted console and a scripted transport.
        .target(name: "NovelistTesting", dependencies: ["NovelistCore"], swiftSettings: strict),
        .executableTarget(
            name: "novelist",
            dependencies: [
                "NovelistCore", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(name: "novelist-bench", dependencies: ["NovelistCore"], swiftSettings: strict),
        .testTarget(
            name: "NovelistCoreTests",
            dependencies: ["NovelistText", "NovelistStory", "NovelistLLM", "NovelistCore", "NovelistTesting"],
            swiftSettings: strict
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["NovelistCore"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
