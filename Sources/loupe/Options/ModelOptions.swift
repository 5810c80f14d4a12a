import ArgumentParser
import CLIPModels
import Foundation
import ModelHub
import NN

/// `--model` and the flags that help load it; shared by every command that runs a model.
struct ModelOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Model directory (Hugging Face or OpenCLIP layout), a .safetensors file, or hf:OWNER/NAME[@REVISION] (downloaded into $LOUPE_CACHE).",
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
        try CLIPLoader.load(try resolvedPath(), configFile: config.map { URL(fileURLWithPath: $0) }, hints: try hints())
    }

    func hints() throws -> ArchitectureHints {
        var hints = ArchitectureHints(headWidth: headWidth)
        if let activation {
            switch activation {
            case "quick_gelu", "quickgelu": hints.activation = .quickGELU
            case "gelu": hints.activation = .gelu
            default: throw ValidationError("--activation must be quick_gelu or gelu, not '\(activation)'")
            }
        }
        return hints
    }

    /// A local path for `--model`, downloading `hf:` references first.
    func resolvedPath() throws -> URL { try Self.resolve(model) }

    static func resolve(_ model: String) throws -> URL {
        guard let reference = HubReference(model) else { return URL(fileURLWithPath: model) }
        return try ModelHub().resolve(reference) { file, bytes, total in
            let done = total.map { " of \($0 / 1_000_000) MB" } ?? ""
            FileHandle.standardError.write(Data("\rdownloading \(file): \(bytes / 1_000_000) MB\(done)".utf8))
        }
    }
}
