import DataIO
import Dispatch
import Foundation
import TensorCore

/// Files in, embeddings out, for any image tower: decodes and preprocesses each batch in parallel,
/// runs the tower once per batch on the files that decoded, and keeps every failure with its file.
public struct ImageBatchEncoder: Sendable {
    /// The tower's preprocessing.
    public let preprocess: PreprocessConfig
    public var decoding = ImageDecodingOptions()
    private let preprocessor: Preprocessor

    public init(preprocess: PreprocessConfig) {
        self.preprocess = preprocess
        preprocessor = Preprocessor(config: preprocess)
    }

    /// Decoded, optionally cropped, preprocessed `[3, S, S]` pixels of one file.
    public func pixels(_ request: ImageRequest) throws -> [Float] {
        var image = try ImageDecoder.decode(contentsOf: request.url, options: decoding)
        if let c = request.crop { image = image.cropped(x: c.x, y: c.y, width: c.width, height: c.height) }
        return preprocessor(image)
    }

    /// One result per request, in order. `encode` maps `[B, 3, S, S]` pixels to `[B, D]` features
    /// and runs without the autodiff tape.
    public func embed(_ requests: [ImageRequest], batchSize: Int, normalize: Bool,
                      encode: (Tensor) -> Tensor) -> [Result<[Float], any Error>] {
        let size = preprocess.imageSize
        var results: [Result<[Float], any Error>] = []
        results.reserveCapacity(requests.count)
        for start in stride(from: 0, to: requests.count, by: max(batchSize, 1)) {
            let batch = Array(requests[start..<min(requests.count, start + max(batchSize, 1))])
            let prepared = ConcurrentSlots<Result<[Float], any Error>>(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                prepared.set(i, Result { try self.pixels(batch[i]) })
            }
            let decoded = prepared.values
            var flat: [Float] = []
            var good = 0
            for case let .success(p) in decoded {
                if flat.isEmpty { flat.reserveCapacity(batch.count * 3 * size * size) }
                flat += p
                good += 1
            }
            var embeddings: [[Float]] = []
            if good > 0 {
                let features = noGrad { encode(Tensor(flat, shape: [good, 3, size, size])) }
                embeddings = (normalize ? noGrad { features.l2Normalized() } : features).rowArrays
            }
            var next = 0
            for r in decoded {
                switch r {
                case .success:
                    results.append(.success(embeddings[next]))
                    next += 1
                case let .failure(e): results.append(.failure(e))
                }
            }
        }
        return results
    }
}

extension Tensor {
    /// The rows of a `[N, D]` tensor as arrays.
    public var rowArrays: [[Float]] {
        let d = shape[1]
        let values = scalars
        return (0..<shape[0]).map { Array(values[($0 * d)..<(($0 + 1) * d)]) }
    }
}
