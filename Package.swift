// swift-tools-version: 6.1
import CompilerPluginSupport
import PackageDescription

/// Every target is compiled in Swift 6 language mode with complete strict concurrency checking.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("StrictConcurrency"),
]

let package = Package(
    name: "Slipstream",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "Slipstream", targets: ["Slipstream"]),
        .library(name: "SlipstreamKafka", targets: ["SlipstreamKafka"]),
        .library(name: "SlipstreamEngine", targets: ["SlipstreamEngine"]),
        .library(name: "SlipstreamGrid", targets: ["SlipstreamGrid"]),
        .library(name: "SlipstreamLearn", targets: ["SlipstreamLearn"]),
        .library(name: "SlipstreamJSON", targets: ["SlipstreamJSON"]),
        .library(name: "SlipstreamSnapshot", targets: ["SlipstreamSnapshot"]),
        .library(name: "SlipstreamTestKit", targets: ["SlipstreamTestKit"]),
        .library(name: "SlipstreamPipelines", targets: ["SlipstreamPipelines"]),
        .library(name: "SlipstreamTelemetry", targets: ["SlipstreamTelemetry"]),
        .executable(name: "run-pipeline", targets: ["RunPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swiftlang/swift-syntax", from: "603.0.1"),
    ],
    targets: [
        // C libraries.
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "CSimdJSON",
            linkerSettings: [.linkedLibrary("simdjson")]
        ),

        // Swift modules, one per concern.
        .target(
            name: "SlipstreamKafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamJSON",
            dependencies: ["CSimdJSON", "SlipstreamJSONMacros"],
            swiftSettings: strict
        ),
        // The compiler plugin behind SlipstreamJSON's `@JSONEvent` macro.
        .macro(
            name: "SlipstreamJSONMacros",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftSyntaxBuilder", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamEngine",
            dependencies: [
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamSnapshot",
            dependencies: [
                "SlipstreamEngine", "SlipstreamKafka",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamGrid",
            dependencies: ["SlipstreamEngine"],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamLearn",
            swiftSettings: strict
        ),
        .target(
            name: "Slipstream",
            dependencies: [
                "SlipstreamKafka", "SlipstreamEngine", "SlipstreamGrid", "SlipstreamLearn", "SlipstreamJSON",
                "SlipstreamSnapshot",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamTestKit",
            dependencies: ["Slipstream", "SlipstreamEngine", "SlipstreamLearn", "SlipstreamKafka"],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamTelemetry",
            dependencies: [
                "SlipstreamEngine",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlipstreamPipelines",
            dependencies: ["Slipstream", "SlipstreamLearn", "SlipstreamTelemetry"],
            path: "Pipelines",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "RunPipeline",
            dependencies: [
                "Slipstream", "SlipstreamPipelines", "SlipstreamKafka", "SlipstreamLearn", "SlipstreamJSON",
                "SlipstreamSnapshot", "SlipstreamEngine", "SlipstreamTelemetry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),

        // Tests: one target per module, plus end-to-end tests that run the CLI.
        .testTarget(
            name: "SlipstreamKafkaTests",
            dependencies: ["SlipstreamKafka"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamJSONTests",
            dependencies: ["SlipstreamJSON", .product(name: "PropertyBased", package: "swift-property-based")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamJSONMacrosTests",
            dependencies: [
                "SlipstreamJSONMacros",
                .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamEngineTests",
            dependencies: ["SlipstreamEngine", "SlipstreamTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamSnapshotTests",
            dependencies: ["SlipstreamSnapshot", "SlipstreamKafka", "SlipstreamTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamGridTests",
            dependencies: [
                "SlipstreamGrid", "SlipstreamTestKit",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamLearnTests",
            dependencies: ["SlipstreamLearn", "SlipstreamTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamTests",
            dependencies: ["Slipstream", "SlipstreamTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamPipelinesTests",
            dependencies: ["SlipstreamPipelines"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SlipstreamTelemetryTests",
            dependencies: ["SlipstreamTelemetry", "Slipstream", "SlipstreamTestKit"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RunPipelineTests",
            dependencies: [
                "Slipstream", "SlipstreamKafka", "SlipstreamEngine", "SlipstreamSnapshot", "SlipstreamLearn", "SlipstreamTestKit",
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
