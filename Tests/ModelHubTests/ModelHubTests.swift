import Foundation
import Hashing
import ModelHub
import TestSupport
import Testing

@Suite("hf: downloads from a local Hub-like server")
struct ModelHubTests {
    func cache() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loupe-hub-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func serverFiles() throws -> [String: LocalHubServer.File] {
        let src = Fixtures.url("clip/hf-tiny")
        var files: [String: LocalHubServer.File] = [:]
        for name in ["config.json", "preprocessor_config.json"] {
            files["/acme/tiny-clip/resolve/main/\(name)"] = .init(data: try Data(contentsOf: src.appendingPathComponent(name)), sha256: nil)
        }
        let weights = try Data(contentsOf: src.appendingPathComponent("model.safetensors"))
        files["/acme/tiny-clip/resolve/main/model.safetensors"] = .init(data: weights, sha256: SHA256.hex(weights))
        return files
    }

    @Test("references parse; bad ones do not")
    func references() {
        #expect(HubReference("hf:openai/clip-vit-base-patch32")?.revision == "main")
        #expect(HubReference("hf:laion/CLIP@v1.0")?.revision == "v1.0")
        #expect(HubReference("hf:noslash") == nil && HubReference("openai/clip") == nil && HubReference("hf:a/../b") == nil)
    }

    @Test("downloads model and config files, skips absent optional files, then works offline")
    func download() throws {
        let server = try LocalHubServer(files: try serverFiles())
        defer { server.stop() }
        let root = try cache()
        let hub = ModelHub(cacheRoot: root, endpoint: server.endpoint)
        let dir = try hub.resolve(HubReference("hf:acme/tiny-clip")!)
        let src = Fixtures.url("clip/hf-tiny")
        for f in ["config.json", "preprocessor_config.json", "model.safetensors"] {
            #expect(try Data(contentsOf: dir.appendingPathComponent(f)) == Data(contentsOf: src.appendingPathComponent(f)))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("vocab.json").path))
        // Offline: a hub pointing nowhere still resolves from the cache.
        let offline = ModelHub(cacheRoot: root, endpoint: URL(string: "http://127.0.0.1:9")!)
        #expect(try offline.resolve(HubReference("hf:acme/tiny-clip")!).path == dir.path)
    }

    @Test("a cut transfer fails, keeps its bytes, and the next run resumes with a Range request")
    func resume() throws {
        let server = try LocalHubServer(files: try serverFiles())
        defer { server.stop() }
        let path = "/acme/tiny-clip/resolve/main/model.safetensors"
        server.cut(path, after: 700_000)
        let hub = ModelHub(cacheRoot: try cache(), endpoint: server.endpoint)
        #expect(throws: HubError.self) { try hub.resolve(HubReference("hf:acme/tiny-clip")!) }
        let dir = try hub.resolve(HubReference("hf:acme/tiny-clip")!)
        let weights = try Data(contentsOf: dir.appendingPathComponent("model.safetensors"))
        #expect(weights == (try Data(contentsOf: Fixtures.url("clip/hf-tiny/model.safetensors"))))
        let ranges = server.requests.filter { $0.path == path }.map(\.range)
        #expect(ranges.count == 2 && ranges[0] == nil && ranges[1] == "bytes=700000-", "requests: \(ranges)")
    }

    @Test("unreachable with nothing cached names what to download and where")
    func unreachable() throws {
        let hub = ModelHub(cacheRoot: try cache(), endpoint: URL(string: "http://127.0.0.1:9")!)
        do {
            _ = try hub.resolve(HubReference("hf:acme/missing")!)
            Issue.record("resolved without a server")
        } catch {
            let message = "\(error)"
            #expect(message.contains("hf:acme/missing") && message.contains("model.safetensors")
                    && message.contains("acme--missing"), "\(message)")
        }
    }
}
