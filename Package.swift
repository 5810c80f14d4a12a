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
        .target(name: "Hashing", swiftSettings: strictSettings),
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
        .target(name: "SyntheticWorld", dependencies: ["DataIO"], swiftSettings: strictSettings),
        .target(name: "ModelHub", dependencies: ["Hashing"], swiftSettings: strictSettings),
        .target(name: "NN", dependencies: ["TensorCore"], swiftSettings: strictSettings),
        .target(name: "Evaluation", dependencies: ["CBLAS", "Hashing"], swiftSettings: strictSettings),
        .target(
            name: "Training", dependencies: ["NN", "TensorCore", "CLIPModels", "DataIO", "Tokenizers"],
            swiftSettings: strictSettings),
        .target(name: "CLIPModels", dependencies: ["NN", "TensorCore", "Hashing"], swiftSettings: strictSettings),
        .target(
            name: "CCL",
            dependencies: ["CLIPPipeline", "CLIPModels", "DataIO", "Evaluation", "Hashing", "NN", "TensorCore", "Training"],
            swiftSettings: strictSettings),

        // MARK: - Executables
        .executableTarget(
            name: "loupe",
            dependencies: [
                "TensorCore", "NN", "CLIPModels", "ModelHub", "SyntheticWorld", "Tokenizers", "CLIPPipeline",
                "Evaluation", "NumpyFormat", "Training", "Library", "VectorIndex", "CCL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "loupe-bench",
            dependencies: ["TensorCore", "NN", "CLIPModels", "Training", "Tokenizers", "CBLAS", "CLIPPipeline", "DataIO", "Library"],
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
            name: "EvaluationTests", dependencies: ["Evaluation", "NumpyFormat", "CZlib"], swiftSettings: strictSettings),
        .testTarget(name: "VectorIndexTests", dependencies: ["VectorIndex"], swiftSettings: strictSettings),
        .testTarget(
            name: "LibraryTests", dependencies: ["Library", "VectorIndex", "LibraryTestSupport", "library-crash-helper"],
            swiftSettings: strictSettings),
        .testTarget(name: "HashingTests", dependencies: ["Hashing"], swiftSettings: strictSettings),
        .testTarget(
            name: "CLIPPipelineTests", dependencies: ["CLIPPipeline", "DataIO", "TensorCore", "TestSupport"],
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
