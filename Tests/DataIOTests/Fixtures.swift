import DataIO
import Foundation
import NumpyFormat

/// Locations of committed fixtures and of the optional shared data kit.
enum Fixtures {
    /// `<repo>/Tests/Fixtures/images`.
    static let images = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/images")

    /// The repository root (the folder holding `Tests/`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `LOUPE_SHARED_DATA`, else `<repo>/../shared/data`.
    static let sharedData: URL = {
        if let path = ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
    }()

    static func image(_ name: String) -> URL { images.appendingPathComponent(name) }

    /// The generator's manifest (`Tools/fixtures/make_image_fixtures.py`).
    static let manifest: Manifest = {
        do {
            let data = try Data(contentsOf: images.appendingPathComponent("manifest.json"))
            return try JSONDecoder().decode(Manifest.self, from: data)
        } catch {
            fatalError("Cannot read fixture manifest: \(error)")
        }
    }()

    /// Lazily loaded expected-output archives.
    static func expected(_ name: String) throws -> [String: NumpyArray] {
        try Numpy.readArchive(at: images.appendingPathComponent("expected/\(name).npz"))
    }

    /// Returns a message when `shared/data/<relative>` is missing (and prints it), else nil.
    static func sharedDataMissing(_ relative: String) -> String? {
        let url = sharedData.appendingPathComponent(relative)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let reason = "skipped: \(url.path) not present (set LOUPE_SHARED_DATA)"
            print(reason)
            return reason
        }
        return nil
    }
}

/// `manifest.json` written by the fixture script.
struct Manifest: Decodable {
    struct ResizeCase: Decodable, Sendable, CustomStringConvertible {
        let key: String
        let file: String
        let width: Int
        let height: Int
        let filter: String
        let box: [Float]?
        let mode: String
        var description: String { "\(file) → \(width)×\(height) \(filter) \(key)" }
    }

    struct PipelineCase: Decodable, Sendable, CustomStringConvertible {
        let key: String
        let file: String
        let config: String
        var description: String { "\(file) with \(config) (\(key))" }
    }

    let files: [String: String]
    let broken: [String]
    let modes: [String: String]
    let resize: [ResizeCase]
    let openclip: [PipelineCase]
    let hf: [PipelineCase]
}

/// Largest absolute difference and its index, for readable failures.
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> (value: Float, index: Int) {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    var worst: (Float, Int) = (0, -1)
    for i in a.indices where abs(a[i] - b[i]) > worst.0 { worst = (abs(a[i] - b[i]), i) }
    return worst
}

extension Image {
    /// Pixel values as floats (16-bit samples combined), for comparison with NumPy fixtures.
    var sampleValues: [Float] {
        if mode == .luminance16 {
            return stride(from: 0, to: pixels.count, by: 2).map {
                Float(Int(pixels[$0]) | Int(pixels[$0 + 1]) << 8)
            }
        }
        return pixels.map(Float.init)
    }
}
