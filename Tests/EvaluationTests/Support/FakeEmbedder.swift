import Foundation

@testable import Evaluation

/// An embedder whose vectors are looked up in tables, so every score is known in advance.
///
/// Texts map through `texts` (unknown texts get `defaultText` or fail); images map by file
/// name (last path component) through `images`, and names in `failing` throw.
final class FakeEmbedder: Embedder {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let fingerprint: String
    let dimension: Int
    var texts: [String: [Float]]
    var images: [String: [Float]]
    var failing: Set<String>
    var defaultText: [Float]?
    private(set) var imageCalls = 0
    private(set) var textCalls = 0
    private(set) var embeddedTexts: [String] = []
    private(set) var embeddedImages: [String] = []

    init(
        fingerprint: String = "fake-model", dimension: Int, texts: [String: [Float]] = [:],
        images: [String: [Float]] = [:], failing: Set<String> = [], defaultText: [Float]? = nil
    ) {
        self.fingerprint = fingerprint
        self.dimension = dimension
        self.texts = texts
        self.images = images
        self.failing = failing
        self.defaultText = defaultText
    }

    func embedImages(_ inputs: [ImageInput]) throws -> [[Float]] {
        imageCalls += 1
        return try inputs.map { input in
            let name = input.url.lastPathComponent
            if failing.contains(name) { throw Failure(description: "cannot decode \(name)") }
            guard let vector = images[name] else {
                throw Failure(description: "no vector for \(name)")
            }
            embeddedImages.append(name)
            return vector
        }
    }

    func embedTexts(_ batch: [String]) throws -> [[Float]] {
        textCalls += 1
        return try batch.map { text in
            embeddedTexts.append(text)
            if let vector = texts[text] ?? defaultText { return vector }
            throw Failure(description: "no vector for text \"\(text)\"")
        }
    }
}

/// Unit vector along axis `k` of a `dimension`-dimensional space, scaled.
func axis(_ k: Int, _ dimension: Int, scale: Float = 1) -> [Float] {
    var v = [Float](repeating: 0, count: dimension)
    v[k] = scale
    return v
}
