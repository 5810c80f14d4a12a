import CLIPModels
import DataIO
import Foundation
import TensorCore

extension CLIPEmbedder {
    /// Projected embedding of an image held in memory (an upload), decoded and preprocessed
    /// exactly as a file with the same bytes would be by ``embedImages(_:normalize:)``.
    ///
    /// - Parameters:
    ///   - bytes: The encoded JPEG or PNG file.
    ///   - name: Used in decoding errors.
    ///   - normalize: Return a unit vector.
    /// - Throws: ``DataIO/ImageDecodingError`` for bytes that do not decode,
    ///   ``PipelineError/missingTower(_:)`` for a text-only checkpoint.
    public func embedImage(bytes: [UInt8], name: String, normalize: Bool = false) throws -> [Float] {
        guard loaded.hasImageTower else {
            throw PipelineError.missingTower("this checkpoint has no image tower (it is a text-only subset)")
        }
        let image = try ImageDecoder.decode(bytes, name: name, options: decoding)
        let pixels = Preprocessor(config: preprocess)(image)
        lock.lock()
        defer { lock.unlock() }
        let size = preprocess.imageSize
        let features = noGrad { model.encodeImage(Tensor(pixels, shape: [1, 3, size, size])) }
        return (normalize ? noGrad { features.l2Normalized() } : features).scalars
    }
}
