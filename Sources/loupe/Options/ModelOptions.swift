import ArgumentParser
import CLIPModels
import Foundation
import NN

/// `--model` and the flags that help load it; shared by every command that runs a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Model directory (Hugging Face or OpenCLIP layout) or a .safetensors file.",
        valueName: "path"))
    var model: String

    @Option(help: ArgumentHelp(
        "Configuration for a bare .safetensors file: HF config.json or open_clip_config.json.",
        valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp(
        "Activation when no configuration is available: quick_gelu (OpenAI and most OpenAI-derived checkpoints) or gelu (LAION, DataComp).",
        valueName: "name"))
    var activation: String?

    @Option(help: ArgumentHelp("Attention head width when no configuration is available (64 for most; 80 for ViT-H-14).",
                               valueName: "n"))
    var headWidth: Int?

    func load() throws -> LoadedCLIP {
        var hints = ArchitectureHints(headWidth: headWidth)
        if let activation {
            switch activation {
            case "quick_gelu", "quickgelu": hints.activation = .quickGELU
            case "gelu": hints.activation = .gelu
            default: throw ValidationError("--activation must be quick_gelu or gelu, not '\(activation)'")
            }
        }
        return try CLIPLoader.load(URL(fileURLWithPath: model), configFile: config.map { URL(fileURLWithPath: $0) },
                                   hints: hints)
    }
}
