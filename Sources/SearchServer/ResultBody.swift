import Foundation
import Library

/// One search hit or item as the API returns it, with the URLs to its thumbnail and file.
struct ResultBody: Encodable, Sendable {
    var id: Int64
    var path: String
    var name: String
    var kind: ItemKind
    var score: Float
    var passage: Passage?
    var fileSize: Int
    var modified: Date
    /// Thumbnail URL (images only).
    var thumbnail: String?
    /// Original file URL.
    var file: String
    /// "More like this" URL.
    var similar: String

    init(_ result: SearchResult) {
        id = result.itemID
        path = result.path
        name = (result.path as NSString).lastPathComponent
        kind = result.kind
        score = result.score
        passage = result.passage
        fileSize = result.fileSize
        modified = result.modified
        thumbnail = result.kind == .image ? "/api/items/\(result.itemID)/thumbnail" : nil
        file = "/api/items/\(result.itemID)/file"
        similar = "/api/items/\(result.itemID)/similar"
    }
}

/// The answer to a search.
struct SearchResponseBody: Encodable, Sendable {
    var query: String?
    var similarTo: Int64?
    var k: Int
    var count: Int
    var elapsedMs: Double
    var results: [ResultBody]

    init(query: String?, similarTo: Int64?, k: Int, started: ContinuousClock.Instant, results: [SearchResult]) {
        self.query = query
        self.similarTo = similarTo
        self.k = k
        count = results.count
        let elapsed = ContinuousClock.now - started
        elapsedMs = (Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15 * 10)
            .rounded() / 10
        self.results = results.map(ResultBody.init)
    }
}
