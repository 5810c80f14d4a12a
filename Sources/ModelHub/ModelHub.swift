import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hashing

/// Errors fetching models from the Hub.
public enum HubError: Error, CustomStringConvertible {
    case unreachable(reference: String, endpoint: String, directory: String, reason: String)
    case notFound(reference: String, what: String)
    case badResponse(url: String, status: Int)
    case checksumMismatch(file: String, expected: String, actual: String)
    case incomplete(file: String, expected: Int64, actual: Int64)

    public var description: String {
        switch self {
        case let .unreachable(reference, endpoint, directory, reason):
            return """
                cannot download \(reference) from \(endpoint) (\(reason)) and nothing is cached for it. \
                Download the repository's config.json (or open_clip_config.json), its tokenizer files and \
                model.safetensors (or open_clip_model.safetensors) and put them in \(directory), or pass a \
                local model directory with --model.
                """
        case let .notFound(reference, what): return "\(reference): \(what) not found on the Hub"
        case let .badResponse(url, status): return "\(url): HTTP \(status)"
        case let .checksumMismatch(file, expected, actual):
            return "\(file): SHA-256 \(actual) does not match the Hub's \(expected); the partial file was removed, run again"
        case let .incomplete(file, expected, actual):
            return "\(file): received \(actual) of \(expected) bytes; run again to resume"
        }
    }
}

/// Downloads Hub repositories' model and tokenizer files into a local cache, resuming cut
/// transfers and checking SHA-256 where the Hub provides it.
///
/// The endpoint is `LOUPE_HUB_ENDPOINT` (default `https://huggingface.co`), laid out as
/// `/{repo}/resolve/{revision}/{file}`; the cache is `LOUPE_CACHE` (default `~/.cache/loupe`).
public final class ModelHub: Sendable {
    public let cacheRoot: URL
    public let endpoint: URL

    /// Small files fetched when present (404 is fine).
    static let optionalFiles = [
        "config.json", "open_clip_config.json", "preprocessor_config.json", "tokenizer.json", "tokenizer_config.json",
        "special_tokens_map.json", "vocab.json", "merges.txt",
    ]

    public init(cacheRoot: URL? = nil, endpoint: URL? = nil) {
        let env = ProcessInfo.processInfo.environment
        self.cacheRoot = cacheRoot ?? env["LOUPE_CACHE"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/loupe")
        self.endpoint = endpoint ?? env["LOUPE_HUB_ENDPOINT"].flatMap(URL.init(string:))
            ?? URL(string: "https://huggingface.co")!
    }

    /// The local directory holding `reference`, downloading what is missing.
    /// - Parameter progress: `(file, bytes so far, total bytes if known)`.
    public func resolve(_ reference: HubReference,
                        progress: (@Sendable (String, Int64, Int64?) -> Void)? = nil) throws -> URL {
        let dir = reference.directory(in: cacheRoot)
        let marker = dir.appendingPathComponent(".loupe-complete")
        if FileManager.default.fileExists(atPath: marker.path) { return dir }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        do {
            for file in Self.optionalFiles {
                _ = try fetch(reference, file, into: dir, optional: true, progress: progress)
            }
            let fm = FileManager.default
            let openCLIP = fm.fileExists(atPath: dir.appendingPathComponent("open_clip_config.json").path)
            let candidates = openCLIP
                ? ["open_clip_model.safetensors", "model.safetensors"]
                : ["model.safetensors", "open_clip_model.safetensors"]
            var gotWeights = false
            for file in candidates where try fetch(reference, file, into: dir, optional: true, progress: progress) {
                gotWeights = true
                break
            }
            if !gotWeights {
                guard try fetch(reference, "model.safetensors.index.json", into: dir, optional: true, progress: progress)
                else {
                    throw HubError.notFound(reference: reference.description,
                                            what: "safetensors weights (model.safetensors, open_clip_model.safetensors or a sharded index)")
                }
                for shard in try shards(of: dir.appendingPathComponent("model.safetensors.index.json")) {
                    _ = try fetch(reference, shard, into: dir, optional: false, progress: progress)
                }
            }
        } catch let error as URLError {
            throw HubError.unreachable(reference: reference.description, endpoint: endpoint.absoluteString,
                                       directory: dir.path, reason: error.localizedDescription)
        }
        _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
        return dir
    }

    func shards(of index: URL) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: index)) as? [String: Any]
        let map = object?["weight_map"] as? [String: String] ?? [:]
        return Set(map.values).sorted().filter { !$0.contains("/") && !$0.hasPrefix(".") }
    }

    /// Downloads one file unless present. Returns false for an optional file the Hub lacks.
    @discardableResult
    func fetch(_ reference: HubReference, _ file: String, into dir: URL, optional: Bool,
               progress: (@Sendable (String, Int64, Int64?) -> Void)?) throws -> Bool {
        let destination = dir.appendingPathComponent(file)
        if FileManager.default.fileExists(atPath: destination.path) { return true }
        let url = endpoint.appendingPathComponent(reference.repository).appendingPathComponent("resolve")
            .appendingPathComponent(reference.revision).appendingPathComponent(file)
        let partial = dir.appendingPathComponent(file + ".partial")
        let transfer = Transfer(url: url, partial: partial, file: file, progress: progress)
        let outcome = try transfer.run()
        switch outcome.status {
        case 404 where optional:
            try? FileManager.default.removeItem(at: partial)
            return false
        case 404: throw HubError.notFound(reference: reference.description, what: file)
        case 200, 206: break
        default: throw HubError.badResponse(url: url.absoluteString, status: outcome.status)
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: partial.path)[.size] as? Int64) ?? 0
        if let total = outcome.totalBytes, size != total {
            throw HubError.incomplete(file: partial.path, expected: total, actual: size)
        }
        if let expected = outcome.sha256 {
            let actual = try SHA256.hex(fileAt: partial)
            guard actual == expected else {
                try? FileManager.default.removeItem(at: partial)
                throw HubError.checksumMismatch(file: destination.path, expected: expected, actual: actual)
            }
        }
        try FileManager.default.moveItem(at: partial, to: destination)
        return true
    }
}

/// One HTTP GET streamed to a `.partial` file, resuming from its current size.
final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Outcome {
        var status = 0
        var totalBytes: Int64?
        var sha256: String?
    }

    let url: URL, partial: URL, file: String
    let progress: (@Sendable (String, Int64, Int64?) -> Void)?
    private var handle: FileHandle?
    private var outcome = Outcome()
    private var received: Int64 = 0
    private var failure: (any Error)?
    private let done = DispatchSemaphore(value: 0)

    init(url: URL, partial: URL, file: String, progress: (@Sendable (String, Int64, Int64?) -> Void)?) {
        self.url = url
        self.partial = partial
        self.file = file
        self.progress = progress
    }

    func run() throws -> Outcome {
        let fm = FileManager.default
        if !fm.fileExists(atPath: partial.path) { _ = fm.createFile(atPath: partial.path, contents: nil) }
        received = (try? fm.attributesOfItem(atPath: partial.path)[.size] as? Int64) ?? 0
        var request = URLRequest(url: url)
        request.timeoutInterval = 60
        if received > 0 { request.setValue("bytes=\(received)-", forHTTPHeaderField: "Range") }
        let session = URLSession(configuration: .ephemeral, delegate: self, delegateQueue: nil)
        session.dataTask(with: request).resume()
        done.wait()
        session.finishTasksAndInvalidate()
        try? handle?.close()
        if let failure { throw failure }
        return outcome
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        guard let http = response as? HTTPURLResponse else {
            completionHandler(.cancel)
            return
        }
        outcome.status = http.statusCode
        let headers = http.allHeaderFields
        func header(_ name: String) -> String? {
            headers.first { ($0.key as? String)?.lowercased() == name }?.value as? String
        }
        if let etag = (header("x-linked-etag") ?? header("etag"))?.trimmingCharacters(in: CharacterSet(charactersIn: "\"W/")),
           etag.count == 64, etag.allSatisfy(\.isHexDigit) {
            outcome.sha256 = etag.lowercased()
        }
        do {
            if http.statusCode == 206, let range = header("content-range"),
               let total = range.split(separator: "/").last.flatMap({ Int64($0) }) {
                outcome.totalBytes = total
                handle = try FileHandle(forWritingTo: partial)
                try handle?.seekToEnd()
            } else if http.statusCode == 200 {
                // A full response: start the partial file over.
                try Data().write(to: partial)
                received = 0
                outcome.totalBytes = header("content-length").flatMap { Int64($0) }
                handle = try FileHandle(forWritingTo: partial)
            }
        } catch {
            failure = error
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        guard let handle else { return }
        do {
            try handle.write(contentsOf: data)
            received += Int64(data.count)
            progress?(file, received, outcome.totalBytes)
        } catch {
            failure = error
            dataTask.cancel()
        }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        if let error, failure == nil, outcome.status == 0 || outcome.status == 200 || outcome.status == 206 {
            failure = (error as? URLError) ?? URLError(.networkConnectionLost)
            if outcome.status != 0 {
                failure = HubError.incomplete(file: partial.path, expected: outcome.totalBytes ?? -1, actual: received)
            }
        }
        done.signal()
    }
}
