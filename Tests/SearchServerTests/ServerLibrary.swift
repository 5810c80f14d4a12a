import CLIPPipeline
import DataIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Library
import NIOCore
import SearchServer
import TestSupport

/// A library of generated images and two text documents, indexed with the fixture model
/// `Tests/Fixtures/clip/openclip-tiny`, in a fresh temporary directory.
final class ServerLibrary: @unchecked Sendable {
    let base: URL
    let folder: URL
    let db: URL
    let embedder: CLIPEmbedder
    /// Generated image files by name.
    let images: [String: URL]

    /// Whether the CLIP vocabulary is in the cache (tests skip, saying so, without it).
    static let vocabularyPresent: Bool = {
        let cache = ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe"
        let present = FileManager.default.fileExists(atPath: cache + "/clip/bpe_simple_vocab_16e6.txt.gz")
        if !present { print("SKIP SearchServerTests: no CLIP vocabulary in the cache (run make setup)") }
        return present
    }()

    private static let model = Result { try CLIPEmbedder.load(Fixtures.url("clip/openclip-tiny")) }
    private static let sharedLibrary = Result { try ServerLibrary(embedder: model.get()) }

    /// One library shared by the tests that only read, or nil (skip) without the vocabulary.
    static func shared() throws -> ServerLibrary? {
        guard vocabularyPresent else { return nil }
        return try sharedLibrary.get()
    }

    /// A fresh library (for tests that change it), or nil (skip) without the vocabulary.
    static func fresh() throws -> ServerLibrary? {
        guard vocabularyPresent else { return nil }
        return try ServerLibrary(embedder: model.get())
    }

    /// The fixture model.
    static func fixtureModel() throws -> CLIPEmbedder { try model.get() }

    init(embedder: CLIPEmbedder) throws {
        self.embedder = embedder
        base = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-serve-\(UUID().uuidString)")
        folder = base.appendingPathComponent("photos")
        db = base.appendingPathComponent("library")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var images: [String: URL] = [:]
        for (index, pattern) in Self.patterns.enumerated() {
            let url = folder.appendingPathComponent(pattern.name)
            try Self.write(pattern, seed: UInt64(index + 1), to: url)
            images[pattern.name] = url
        }
        self.images = images
        try """
            Inspection report for bridge 7
            The left flange bolt shows heavy rust and flaking paint.
            The weld seam on the main girder is intact.
            """.write(to: folder.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
        try """
            # Site notes
            Delivered twelve steel beams on Monday.
            The crane operator asked for a safety briefing.
            """.write(to: folder.appendingPathComponent("notes.md"), atomically: true, encoding: .utf8)
        try index()
    }

    deinit { try? FileManager.default.removeItem(at: base) }

    /// Indexes the folder (again) with a read-write handle that is closed on return.
    @discardableResult
    func index() throws -> IndexSummary {
        let library = try Library(directory: db, mode: .readWrite)
        return try Indexer(library: library, embedder: CLIPItemEmbedder(pipeline: embedder)).run(roots: [folder])
    }

    func service(withModel: Bool = true) throws -> SearchService {
        try SearchService(directory: db, embedder: withModel ? embedder : nil)
    }

    /// Runs `body` against the router in process.
    func test<Value: Sendable>(
        configuration: ServerConfiguration = ServerConfiguration(), withModel: Bool = true, live: Bool = false,
        _ body: @Sendable (any TestClientProtocol) async throws -> Value
    ) async throws -> Value {
        var configuration = configuration
        configuration.accessLog = false
        let router = SearchServer.router(service: try service(withModel: withModel), configuration: configuration)
        return try await Application(router: router).test(live ? .live : .router, body)
    }

    /// The item id of a file name (the first passage for documents).
    func itemID(_ name: String) throws -> Int64 {
        let items = try Library(directory: db).items()
        guard let item = items.first(where: { ($0.path as NSString).lastPathComponent == name }) else {
            throw APIFailure("no item for \(name)")
        }
        return item.id
    }

    // MARK: - Generated images

    struct Pattern: Sendable {
        var name: String
        var width: Int
        var height: Int
        var alpha: Bool
        var pixel: @Sendable (Int, Int, inout SplitMix) -> [UInt8]
    }

    /// Very different pictures, so each image is clearly its own nearest neighbour.
    static let patterns: [Pattern] = [
        Pattern(name: "red-gradient.png", width: 320, height: 240, alpha: false) { x, _, _ in
            [UInt8(x * 255 / 319), 20, 30]
        },
        Pattern(name: "blue-stripes.jpg", width: 200, height: 300, alpha: false) { x, _, _ in
            (x / 12) % 2 == 0 ? [10, 40, 220] : [240, 240, 250]
        },
        Pattern(name: "green-checker.png", width: 256, height: 256, alpha: false) { x, y, _ in
            (x / 32 + y / 32) % 2 == 0 ? [20, 180, 40] : [5, 30, 10]
        },
        Pattern(name: "sunset.jpg", width: 300, height: 180, alpha: false) { _, y, _ in
            [UInt8(255 - y * 100 / 179), UInt8(140 - y * 120 / 179), UInt8(40 + y * 120 / 179)]
        },
        Pattern(name: "noise.png", width: 150, height: 150, alpha: false) { _, _, rng in
            [rng.byte(), rng.byte(), rng.byte()]
        },
        Pattern(name: "yellow-disc.png", width: 240, height: 320, alpha: true) { x, y, _ in
            let (dx, dy) = (x - 120, y - 160)
            return dx * dx + dy * dy < 90 * 90 ? [250, 210, 20, 255] : [0, 0, 0, 0]
        },
    ]

    static func write(_ pattern: Pattern, seed: UInt64, to url: URL) throws {
        var rng = SplitMix(state: seed)
        var pixels: [UInt8] = []
        for y in 0 ..< pattern.height {
            for x in 0 ..< pattern.width { pixels += pattern.pixel(x, y, &rng) }
        }
        let channels = pattern.alpha ? 4 : 3
        let bytes: [UInt8]
        if url.pathExtension == "jpg" {
            bytes = try JPEGEncoder.encode(
                Image(width: pattern.width, height: pattern.height, mode: .rgb, pixels: pixels), quality: 92)
        } else {
            bytes = [UInt8](try PNGEncoder.encode(
                width: pattern.width, height: pattern.height, channels: channels, pixels: pixels))
        }
        try Data(bytes).write(to: url)
    }
}

/// A deterministic byte source for the noise image.
struct SplitMix {
    var state: UInt64
    mutating func byte() -> UInt8 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return UInt8(truncatingIfNeeded: z ^ (z >> 31))
    }
}

struct APIFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    var bytes: [UInt8] { Array(body.readableBytesView) }
    var text: String { String(buffer: body) }
    /// The body as a JSON object.
    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
            throw APIFailure("not a JSON object: \(text)")
        }
        return object
    }
    /// The `results` of a search response.
    func results() throws -> [[String: Any]] {
        guard let results = try json()["results"] as? [[String: Any]] else { throw APIFailure("no results: \(text)") }
        return results
    }
    /// The `error` message of an error response.
    var errorMessage: String? { (try? json())?["error"] as? String }
}

extension TestClientProtocol {
    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
    func post(_ uri: String, body: [UInt8], headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        if headers[.contentLength] == nil { headers[.contentLength] = String(body.count) }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
    func post(_ uri: String, json: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var headers = headers
        headers[.contentType] = "application/json"
        return try await post(uri, body: Array(json.utf8), headers: headers)
    }
}
