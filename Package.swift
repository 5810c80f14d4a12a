// swift-tools-version: 6.2
// Loupe: CLIP-family image–text models on CPU — inference, search, evaluation and training.
import PackageDescription

/// Settings shared by every target: strict imports and existentials, warnings are errors.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let package = Package(
    name: "Loupe",
    products: [
        .executable(name: "loupe", targets: ["loupe"]),
        .library(name: "TensorCore", targets: ["TensorCore"]),
        .library(name: "NN", targets: ["NN"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CTurboJPEG", pkgConfig: "libturbojpeg", providers: [.apt(["libturbojpeg0-dev"])]),
        .systemLibrary(name: "CPNG", pkgConfig: "libpng16", providers: [.apt(["libpng-dev"])]),

        // MARK: - Implementation details
        .target(name: "CKernels"),
        .target(name: "CVectorKernels"),

        // MARK: - Libraries
        .target(name: "TensorCore", dependencies: ["CBLAS", "CKernels"], swiftSettings: strictSettings),
        .target(name: "CSHA256"),
        .target(name: "Hashing", dependencies: ["CSHA256"], swiftSettings: strictSettings),
        .target(name: "Tokenizers", dependencies: ["CZlib"], swiftSettings: strictSettings),
        .target(name: "DataIO", dependencies: ["CTurboJPEG", "CPNG"], swiftSettings: strictSettings),
        .target(name: "NumpyFormat", dependencies: ["CZlib"], swiftSettings: strictSettings),
        .target(
            name: "CLIPPipeline", dependencies: ["CLIPModels", "DataIO", "Tokenizers", "TensorCore", "Hashing"],
            swiftSettings: strictSettings),
        .target(
            name: "VectorIndex",
            dependencies: ["CBLAS", "CVectorKernels", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: strictSettings),
        .target(name: "Library", dependencies: ["VectorIndex", "CSQLite", "Hashing"], swiftSettings: strictSettings),
        .target(name: "CaptionNegatives", swiftSettings: strictSettings),
        .target(name: "SyntheticWorld", dependencies: ["DataIO", "CaptionNegatives"], swiftSettings: strictSettings),
        .target(
            name: "SearchServer",
            dependencies: [
                "Library", "CLIPPipeline", "DataIO", "Tokenizers", "VectorIndex", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings),
        .target(name: "ModelHub", dependencies: ["Hashing"], swiftSettings: strictSettings),
        .target(name: "NN", dependencies: ["TensorCore"], swiftSettings: strictSettings),
        .target(name: "Evaluation", dependencies: ["CBLAS", "Hashing", "CaptionNegatives"], swiftSettings: strictSettings),
        .target(
            name: "Training",
            dependencies: [
                "NN", "TensorCore", "CLIPModels", "DataIO", "Tokenizers", "CaptionNegatives",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings),
        .target(name: "CLIPModels", dependencies: ["NN", "TensorCore", "Hashing"], swiftSettings: strictSettings),
        .target(
            name: "DualEncoder",
            dependencies: ["CLIPModels", "CLIPPipeline", "DataIO", "Hashing", "NN", "SentenceEncoders", "TensorCore", "Tokenizers",
                           "Training"],
            swiftSettings: strictSettings),
        .target(
            name: "SentenceEncoders", dependencies: ["NN", "TensorCore", "Tokenizers"], swiftSettings: strictSettings),
        .target(
            name: "MHCVSE", dependencies: ["CLIPModels", "CLIPPipeline", "DataIO", "NN", "TensorCore", "Tokenizers", "Training"],
            swiftSettings: strictSettings),
        .target(
            name: "CCL",
            dependencies: ["CaptionNegatives", "CLIPPipeline", "CLIPModels", "DataIO", "Evaluation", "Hashing", "NN", "TensorCore", "Training"],
            swiftSettings: strictSettings),

        // MARK: - Executables
        .executableTarget(
            name: "loupe",
            dependencies: [
                "TensorCore", "NN", "CLIPModels", "ModelHub", "SyntheticWorld", "Tokenizers", "CLIPPipeline",
                "Evaluation", "NumpyFormat", "Training", "Library", "VectorIndex", "CaptionNegatives", "SearchServer", "SentenceEncoders", "DualEncoder", "MHCVSE", "CCL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "loupe-bench",
            dependencies: ["TensorCore", "NN", "CLIPModels", "Training", "Tokenizers", "CBLAS", "CLIPPipeline", "DataIO", "Library",
                           "SearchServer", "SentenceEncoders"],
            swiftSettings: strictSettings),

        .executableTarget(
            name: "library-bench", dependencies: ["VectorIndex", "Library", "LibraryTestSupport"],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "library-crash-helper", dependencies: ["Library", "LibraryTestSupport"],
            swiftSettings: strictSettings),

        // MARK: - Test support and unit test bundles
        .target(name: "LibraryTestSupport", dependencies: ["Library", "Hashing"], swiftSettings: strictSettings),
        .target(
            name: "TestSupport", dependencies: ["TensorCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "TensorCoreTests", dependencies: ["TensorCore", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "CLIPModelsTests", dependencies: ["CLIPModels", "NN", "TensorCore", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "TrainingTests", dependencies: ["Training", "CLIPModels", "NN", "TensorCore", "TestSupport", "SyntheticWorld"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "CLITests", dependencies: ["loupe", "TensorCore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "ModelHubTests", dependencies: ["ModelHub", "Hashing", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "DataIOTests", dependencies: ["DataIO", "NumpyFormat", "CPNG"], swiftSettings: strictSettings),
        .testTarget(name: "NumpyFormatTests", dependencies: ["NumpyFormat"], swiftSettings: strictSettings),
        .testTarget(name: "SyntheticWorldTests", dependencies: ["SyntheticWorld"], swiftSettings: strictSettings),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers"], swiftSettings: strictSettings),
        .testTarget(
            name: "EvaluationTests", dependencies: ["Evaluation", "NumpyFormat", "CZlib", "CaptionNegatives"],
            swiftSettings: strictSettings),
        .testTarget(name: "CaptionNegativesTests", dependencies: ["CaptionNegatives"], swiftSettings: strictSettings),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex"], swiftSettings: strictSettings),
        .testTarget(
            name: "LibraryTests", dependencies: ["Library", "VectorIndex", "LibraryTestSupport", "library-crash-helper"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SearchServerTests",
            dependencies: [
                "SearchServer", "Library", "CLIPPipeline", "DataIO", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings),
        .testTarget(name: "HashingTests", dependencies: ["Hashing", "CSHA256"], swiftSettings: strictSettings),
        .testTarget(
            name: "CLIPPipelineTests", dependencies: ["CLIPPipeline", "DataIO", "TensorCore", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "DualEncoderTests",
            dependencies: ["DualEncoder", "CLIPModels", "CLIPPipeline", "DataIO", "NN", "SentenceEncoders", "TensorCore", "Tokenizers",
                           "Training", "SyntheticWorld", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "SentenceEncodersTests",
            dependencies: ["SentenceEncoders", "Tokenizers", "NN", "TensorCore", "TestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "MHCVSETests",
            dependencies: ["MHCVSE", "CLIPModels", "CLIPPipeline", "NN", "TensorCore", "Training", "TestSupport", "SyntheticWorld"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "CCLTests",
            dependencies: ["CCL", "CLIPPipeline", "Evaluation", "NN", "SyntheticWorld", "TensorCore", "TestSupport", "Training"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "NNTests", dependencies: ["NN", "TensorCore", "TestSupport"],
            swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
