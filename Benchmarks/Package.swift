// swift-tools-version: 6.1
import PackageDescription

/// Benchmark executables. Each prints its figures and, as its last line, one JSON object.
let package = Package(
    name: "SlipstreamBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Slipstream", path: "../"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .target(name: "BenchSupport", path: "Sources/BenchSupport"),
        .executableTarget(
            name: "kafka-bench",
            dependencies: [
                "BenchSupport", .product(name: "SlipstreamKafka", package: "Slipstream"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/kafka-bench"
        ),
        .executableTarget(
            name: "engine-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Slipstream", package: "Slipstream"),
                .product(name: "SlipstreamJSON", package: "Slipstream"),
            ],
            path: "Sources/engine-bench"
        ),
        .executableTarget(
            name: "grid-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Slipstream", package: "Slipstream"),
                .product(name: "SlipstreamGrid", package: "Slipstream"),
            ],
            path: "Sources/grid-bench"
        ),
        .executableTarget(
            name: "learn-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "SlipstreamLearn", package: "Slipstream"),
                .product(name: "SlipstreamJSON", package: "Slipstream"),
            ],
            path: "Sources/learn-bench"
        ),
        .executableTarget(
            name: "snapshot-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Slipstream", package: "Slipstream"),
                .product(name: "SlipstreamSnapshot", package: "Slipstream"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/snapshot-bench"
        ),
        .executableTarget(
            name: "pipeline-bench",
            dependencies: [
                "BenchSupport",
                .product(name: "Slipstream", package: "Slipstream"),
                .product(name: "SlipstreamPipelines", package: "Slipstream"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/pipeline-bench"
        ),
    ],
    swiftLanguageModes: [.v6]
)
