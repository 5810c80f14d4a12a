import CCL
import CLIPPipeline
import DualEncoder
import MHCVSE

/// Every model kind Loupe trains besides plain CLIP, registered with ``EmbedderLoader`` so that
/// `embed`, `eval`, `index`, `search` and `serve` open their directories (`loupe_model.json`).
enum ModelKinds {
    static func registerAll() {
        // One line per kind, e.g. `EmbedderLoader.register(kind: "dual-encoder", loader: DualEncoderEmbedder.load)`.
        EmbedderLoader.register(kind: "dual-encoder", loader: DualEncoderEmbedder.load)
        EmbedderLoader.register(kind: MHCVSEModel.kind, loader: MHCVSEEmbedder.load)
        EmbedderLoader.register(kind: CCLEmbedder.kind, loader: CCLEmbedder.load)
    }
}
