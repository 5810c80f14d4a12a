import ArgumentParser
import CLIPModels
import CLIPPipeline
import DataIO
import Foundation
import NN

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a model's resolved configuration, layout, size and fingerprint.",
        discussion: """
            The fingerprint (SHA-256 of weights, configuration, preprocessing and tokenizer) tags \
            every vector Loupe stores, so vectors of different models are never mixed. Weights are \
            hashed once and remembered by path, size and modification time in $LOUPE_CACHE.

            Examples:
              loupe info --model ~/models/clip-vit-base-patch32
              loupe info --model weights.safetensors --config open_clip_config.json --json
              loupe info --model ~/.cache/loupe/sentence-encoders/all-MiniLM-L6-v2
            """)

    @OptionGroup var modelOptions: ModelOptions
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() throws {
        if let directory = try SentenceEncoderCommands.directory(modelOptions.model) {
            try SentenceEncoderCommands.info(directory: directory, model: modelOptions.model, json: json)
            return
        }
        let pipeline = try CLIPEmbedder.load(try modelOptions.resolvedPath(),
                                             configFile: modelOptions.config.map { URL(fileURLWithPath: $0) },
                                             hints: try modelOptions.hints())
        let loaded = pipeline.loaded
        let m = loaded.model
        let fingerprint = pipeline.fingerprint
        let p = pipeline.preprocess
        let preprocessing: [String: Any] = [
            "image_size": p.imageSize, "resize": p.resizeMode.rawValue, "interpolation": "\(p.interpolation)",
            "mean": p.mean.map(Double.init), "std": p.std.map(Double.init),
            "crop_rounding": p.cropRounding == .floor ? "floor" : "round_half_even",
            "colour_order": p.colourOrder == .convertFirst ? "convert_first" : "convert_last",
        ]
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let object: [String: Any] = [
                "layout": loaded.layout.rawValue,
                "config_file": loaded.configFile?.path ?? NSNull(),
                "weight_files": loaded.weightFiles.map(\.path),
                "parameters": m.parameterCount,
                "fingerprint": fingerprint,
                "preprocessing": preprocessing,
                "towers": (loaded.hasImageTower ? ["image"] : []) + (loaded.hasTextTower ? ["text"] : []),
                "configuration": try JSONSerialization.jsonObject(with: encoder.encode(m.config)),
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let c = m.config
        print("""
            model        \(modelOptions.model)
            layout       \(loaded.layout.rawValue)
            config       \(loaded.configFile?.path ?? "inferred from tensor shapes")
            parameters   \(m.parameterCount.formatted())
            embedding    \(c.embedDim)
            image tower  \(c.vision.imageSize) px, patch \(c.vision.patchSize), width \(c.vision.width), \(c.vision.layers) layers, \(c.vision.heads) heads, MLP \(c.vision.mlpHidden), \(c.vision.activation.rawValue), eps \(c.vision.layerNormEps)
            text tower   context \(c.text.contextLength), vocab \(c.text.vocabSize), width \(c.text.width), \(c.text.layers) layers, \(c.text.heads) heads, MLP \(c.text.mlpHidden), \(c.text.activation.rawValue), pooling \(c.text.pooling.rawValue)
            preprocess   \(p.resizeMode.rawValue) resize to \(p.imageSize) px, \(p.interpolation), crop \(p.cropRounding == .floor ? "floor" : "round-half-even"), \(p.colourOrder == .convertFirst ? "RGB first" : "RGB last"), mean \(p.mean), std \(p.std)
            fingerprint  \(fingerprint)
            """)
    }
}
