import ArgumentParser
import CLIPPipeline
import Foundation

struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print projected embeddings of images and texts, one JSON object per input.",
        discussion: """
            Each line is {"kind": "image"|"text", "input": …, "embedding": […]}, in the order the inputs \
            were given. Embeddings are the projected features (HF get_image_features / open_clip \
            encode_image), L2-normalised only with --normalize. A file that cannot be decoded is reported \
            on stderr with its path; the other inputs are still embedded and the exit status is 1.

            Examples:
              loupe embed --model ~/models/clip-vit-base-patch32 --image cat.jpg --text "a photo of a cat"
              loupe embed --model hf:openai/clip-vit-base-patch32 --normalize --batch 64 --image *.jpg
              loupe embed --model ~/.cache/loupe/sentence-encoders/all-MiniLM-L6-v2 --text "a dog on a beach"

            A BERT / sentence-transformers directory (config.json with model_type bert, or modules.json) \
            is a text-only sentence encoder: its embeddings are the pipeline's output (all-MiniLM-L6-v2: \
            mean pooling, L2-normalised).
            """)

    @OptionGroup var modelOptions: ModelOptions
    @Option(name: .customLong("image"), help: ArgumentHelp("An image file (JPEG or PNG); repeatable.", valueName: "file"))
    var images: [String] = []
    @Option(name: .customLong("text"), help: ArgumentHelp("A text; repeatable.", valueName: "string"))
    var texts: [String] = []
    @Flag(help: "L2-normalise the embeddings.") var normalize = false
    @Option(help: "Items per forward pass.") var batch = 32

    func validate() throws {
        if images.isEmpty && texts.isEmpty { throw ValidationError("give at least one --image or --text") }
        if batch < 1 { throw ValidationError("--batch must be at least 1") }
    }

    /// The order inputs appeared on the command line (ArgumentParser keeps each option's own order).
    static func interleaving(_ arguments: [String]) -> [Bool] {  // true = image
        var order: [Bool] = []
        var i = 0
        while i < arguments.count {
            let a = arguments[i]
            if a == "--image" || a.hasPrefix("--image=") { order.append(true); if !a.contains("=") { i += 1 } }
            else if a == "--text" || a.hasPrefix("--text=") { order.append(false); if !a.contains("=") { i += 1 } }
            i += 1
        }
        return order
    }

    /// `{"kind":…,"input":…,"embedding":[…]}` with keys in that order and shortest round-trip floats.
    static func jsonLine(kind: String, input: String, embedding: [Float]) throws -> String {
        let quoted = String(decoding: try JSONSerialization.data(withJSONObject: [input], options: [.withoutEscapingSlashes]), as: UTF8.self)
        return "{\"kind\":\"\(kind)\",\"input\":\(quoted.dropFirst().dropLast()),\"embedding\":["
            + embedding.map { $0.isFinite ? "\($0)" : "null" }.joined(separator: ",") + "]}"
    }

    func run() throws {
        if let directory = try SentenceEncoderCommands.directory(modelOptions.model) {
            try SentenceEncoderCommands.embed(
                directory: directory, images: images, texts: texts, normalize: normalize, batch: batch)
            return
        }
        let embedder = try EmbedderLoader.load(try modelOptions.resolvedPath(), configFile: modelOptions.config.map {
            URL(fileURLWithPath: $0) }, hints: try modelOptions.hints())
        embedder.batchSize = batch
        let imageResults = images.isEmpty ? [] : try embedder.embedImages(images.map { ImageRequest(url: URL(fileURLWithPath: $0)) },
                                                                          normalize: normalize)
        let textResults = texts.isEmpty ? [] : try embedder.embedTexts(texts, normalize: normalize)
        var order = Self.interleaving(Array(CommandLine.arguments.dropFirst()))
        if order.count != images.count + texts.count {
            order = Array(repeating: true, count: images.count) + Array(repeating: false, count: texts.count)
        }
        var (nextImage, nextText, failures) = (0, 0, 0)
        var out = ""
        for isImage in order {
            let input: String, vector: [Float]
            if isImage {
                input = images[nextImage]
                switch imageResults[nextImage] {
                case let .success(v): vector = v
                case let .failure(error):
                    FileHandle.standardError.write(Data("loupe: error: \(error)\n".utf8))
                    failures += 1
                    nextImage += 1
                    continue
                }
                nextImage += 1
            } else {
                input = texts[nextText]
                vector = textResults[nextText]
                nextText += 1
            }
            out += try Self.jsonLine(kind: isImage ? "image" : "text", input: input, embedding: vector) + "\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
        if failures > 0 { throw ExitCode.failure }
    }
}
