import CLIPModels
import Foundation
import TensorCore
import TestSupport
import Testing

/// Opt-in (`make parity-full`): full-size ViT-B/32 models written by
/// Tools/fixtures/make_parity_full.py into `$LOUPE_PARITY_FULL`.
@Suite("Full-size ViT-B/32 parity (opt-in)")
struct FullParityTests {
    static let root = ProcessInfo.processInfo.environment["LOUPE_PARITY_FULL"].map { URL(fileURLWithPath: $0) }

    @Test("ViT-B/32 in both layouts agrees with the reference to 1e-4",
          .enabled(if: root != nil, "set LOUPE_PARITY_FULL (make parity-full) to run"),
          arguments: ["hf-vit-b-32", "openclip-vit-b-32"])
    func full(_ name: String) throws {
        let dir = Self.root!.appendingPathComponent(name)
        let loaded = try CLIPLoader.load(dir)
        let f = try SafeTensorsFile(url: dir.appendingPathComponent("expected.safetensors"))
        let t = try f.tensor("token_ids")
        let ids = (0..<t.shape[0]).map { r in (0..<t.shape[1]).map { Int(t.scalars[r * t.shape[1] + $0]) } }
        let image = noGrad { loaded.model.encodeImage(try! f.tensor("pixels")) }
        let text = noGrad { loaded.model.encodeText(ids) }
        let imageError = relativeNormError(image.scalars, try f.tensor("image_features").scalars)
        let textError = relativeNormError(text.scalars, try f.tensor("text_features").scalars)
        print("parity-full \(name): image relative error \(imageError), text relative error \(textError)")
        #expect(imageError < 1e-4 && textError < 1e-4)
        assertClose(image.scalars, try f.tensor("image_features").scalars, rtol: 1e-4, atol: 1e-5, "\(name) image")
        assertClose(text.scalars, try f.tensor("text_features").scalars, rtol: 1e-4, atol: 1e-5, "\(name) text")
    }
}
