import ArgumentParser
import CLIPModels
import Foundation
import NN

struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a model's resolved configuration, layout, size and fingerprint.",
        discussion: """
            The fingerprint (SHA-256 of weights, configuration, preprocessing and tokenizer) tags \
            every vector Loupe stores, so vectors of different models are never mixed.

            Examples:
              loupe info --model ~/models/clip-vit-base-patch32
              loupe info --model weights.safetensors --config open_clip_config.json --json
            """)

    @OptionGroup var modelOptions: ModelOptions
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    func run() throws {
        let loaded = try modelOptions.load()
        let m = loaded.model
        let fingerprint = try ModelFingerprint.compute(weightFiles: loaded.weightFiles, configuration: m.config)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let object: [String: Any] = [
                "layout": loaded.layout.rawValue,
                "config_file": loaded.configFile?.path ?? NSNull(),
                "weight_files": loaded.weightFiles.map(\.path),
                "parameters": m.parameterCount,
                "fingerprint": fingerprint,
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
            fingerprint  \(fingerprint)
            """)
    }
}
