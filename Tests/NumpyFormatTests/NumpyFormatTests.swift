import Foundation
import NumpyFormat
import Testing

/// Fixture locations and the values the generator recorded (`Tests/Fixtures/numpy`).
enum NumpyFixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/numpy")

    struct Expected: Decodable {
        struct Array: Decodable {
            let shape: [Int]
            let dtype: String
            let values: [Double]
        }

        let arrays: [String: Array]
        let archives: [String: [String]]
        let archive_sources: [String: String]
    }

    static let expected: Expected = {
        do {
            let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
            return try JSONDecoder().decode(Expected.self, from: data)
        } catch {
            fatalError("Cannot read numpy fixture manifest: \(error)")
        }
    }()

    static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }
}

@Suite("NumPy .npy/.npz reading and writing")
struct NumpyFormatTests {
    @Test(
        ".npy arrays match the values NumPy wrote",
        arguments: NumpyFixtures.expected.arrays.keys.sorted())
    func readsArray(name: String) throws {
        let expected = try #require(NumpyFixtures.expected.arrays[name])
        let array = try Numpy.readArray(at: NumpyFixtures.url("\(name).npy"))
        #expect(array.shape == expected.shape)
        #expect(array.dtype == expected.dtype)
        let values = try array.floats()
        #expect(values.count == expected.values.count)
        for (actual, reference) in zip(values, expected.values) {
            #expect(
                actual.bitPattern == Float(reference).bitPattern
                    || (actual.isNaN && reference.isNaN))
        }
    }

    @Test(
        ".npz archives (stored and deflated) hold every member under its key",
        arguments: ["stored", "compressed"])
    func readsArchive(name: String) throws {
        let archive = try Numpy.readArchive(at: NumpyFixtures.url("\(name).npz"))
        let keys = try #require(NumpyFixtures.expected.archives[name])
        #expect(Set(archive.keys) == Set(keys))
        for key in keys {
            let source = try #require(NumpyFixtures.expected.archive_sources[key])
            let expected = try #require(NumpyFixtures.expected.arrays[source])
            let array = try #require(archive[key])
            #expect(array.shape == expected.shape)
            #expect(try array.floats() == expected.values.map { Float($0) })
        }
    }

    @Test("Fortran-ordered arrays are rejected with a clear error")
    func fortranOrder() {
        let url = NumpyFixtures.url("fortran.npy")
        #expect(throws: NumpyError.fortranOrder(path: url.path)) {
            try Numpy.readArray(at: url)
        }
        #expect(NumpyError.fortranOrder(path: url.path).description.contains("Fortran"))
    }

    @Test("Truncated data, unsupported dtypes and non-npy files are reported with the path")
    func errors() throws {
        let truncated = NumpyFixtures.url("truncated.npy")
        do {
            _ = try Numpy.readArray(at: truncated)
            Issue.record("read a truncated file")
        } catch let error as NumpyError {
            guard case .truncatedData(let path, let expected, let actual) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == truncated.path && actual == expected - 10)
        }
        let complex = NumpyFixtures.url("complex.npy")
        #expect(throws: NumpyError.unsupportedDtype(path: complex.path, dtype: "<c8")) {
            try Numpy.readArray(at: complex)
        }
        let notNumpy = NumpyFixtures.url("expected.json")
        #expect(throws: NumpyError.notNumpyFile(path: notNumpy.path)) {
            try Numpy.readArray(at: notNumpy)
        }
        #expect(throws: NumpyError.self) {
            try Numpy.readArchive(at: NumpyFixtures.url("f4.npy"))
        }
    }

    @Test("writeArray produces a file the reader returns unchanged, with NumPy's header layout")
    func writesArray() throws {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("loupe-numpy-\(UUID().uuidString).npy")
        defer { try? FileManager.default.removeItem(at: url) }
        let values: [Float] = (0 ..< 24).map { Float($0) * 0.37 - 3 }
        try Numpy.writeArray(values, shape: [2, 3, 4], to: url)
        let array = try Numpy.readArray(at: url)
        #expect(array.shape == [2, 3, 4] && array.dtype == "<f4")
        #expect(try array.floats() == values)
        let bytes = try Data(contentsOf: url)
        #expect(bytes.count == 128 + 24 * 4)  // header padded to 64 bytes, as np.save does
        // Same header bytes as NumPy's own file for a (3, 4) float32 array.
        try Numpy.writeArray(
            try Numpy.readArray(at: NumpyFixtures.url("f4.npy")).floats(), shape: [3, 4], to: url)
        let ours = try Data(contentsOf: url)
        let numpys = try Data(contentsOf: NumpyFixtures.url("f4.npy"))
        #expect(ours == numpys)
    }

    @Test("Shared data: real Winoground ViT-B/32 embeddings (800 × 512)")
    func winoground() throws {
        let root: URL = {
            if let path = ProcessInfo.processInfo.environment["LOUPE_SHARED_DATA"], !path.isEmpty {
                return URL(fileURLWithPath: path)
            }
            return NumpyFixtures.folder.deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("shared/data")
        }()
        let url = root.appendingPathComponent("winoground/winoground_real_vitb32.npz")
        guard FileManager.default.fileExists(atPath: url.path) else {
            print("skipped: \(url.path) not present (set LOUPE_SHARED_DATA)")
            return
        }
        let archive = try Numpy.readArchive(at: url)
        for key in ["img", "cap"] {
            let array = try #require(archive[key])
            #expect(array.shape == [800, 512] && array.dtype == "<f4")
            let values = try array.floats()
            // Rows are L2-normalised CLIP embeddings or raw features; either way finite.
            #expect(values.allSatisfy { $0.isFinite })
        }
        #expect(archive["n_params"]?.shape == [])
    }
}
