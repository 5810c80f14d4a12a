import ArgumentParser
import CLIPModels
import Foundation
import Tokenizers

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print CLIP token ids, one JSON array per input (start, ids, end, padded with 0).",
        discussion: """
            Ids are exactly open_clip's `tokenize`: ftfy and HTML clean-up, lower-casing, byte-level BPE, \
            truncation that keeps the end token. A model directory's own vocabulary (vocab.json + merges.txt \
            or bpe_simple_vocab_16e6.txt.gz) wins over the default one in $LOUPE_CACHE. A BERT / \
            sentence-transformers directory gives WordPiece ids instead: [CLS] ids [SEP], unpadded, \
            truncated to its max length (or --context-length), exactly as transformers' BertTokenizer.

            Examples:
              loupe tokenize "a photo of a cat" "a diagram"
              loupe tokenize --file captions.txt --context-length 32
              loupe tokenize --model ~/models/clip-vit-base-patch32 "hello world"
              loupe tokenize --model ~/.cache/loupe/sentence-encoders/all-MiniLM-L6-v2 "Café au lait"
            """)

    @Option(help: ArgumentHelp("Model directory or hf:OWNER/NAME whose tokenizer and context length to use.", valueName: "path"))
    var model: String?
    @Option(help: "Context length (default: the model's, else 77).") var contextLength: Int?
    @Option(help: ArgumentHelp("Read texts from a file, one per line.", valueName: "file")) var file: String?
    @Argument(help: "Texts to tokenize.") var texts: [String] = []

    func validate() throws {
        if file == nil && texts.isEmpty { throw ValidationError("give texts as arguments or --file FILE") }
        if file != nil && !texts.isEmpty { throw ValidationError("give either --file or texts, not both") }
        if let contextLength, contextLength < 2 { throw ValidationError("--context-length must be at least 2") }
    }

    func run() throws {
        var directory: URL?
        if let model, let encoderDirectory = try SentenceEncoderCommands.directory(model) {
            try SentenceEncoderCommands.tokenize(directory: encoderDirectory, texts: try inputs(), maxLength: contextLength)
            return
        }
        var length = contextLength ?? CLIPTokenizer.defaultContextLength
        if let model {
            let path = try ModelOptions.resolve(model)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path.path, isDirectory: &isDirectory), isDirectory.boolValue {
                directory = path
                if contextLength == nil, let config = ["open_clip_config.json", "config.json"]
                    .map({ path.appendingPathComponent($0) }).first(where: { FileManager.default.fileExists(atPath: $0.path) }) {
                    length = try CLIPLoader.readConfiguration(config).text.contextLength
                }
            }
        }
        let tokenizer = try CLIPTokenizer.load(modelDirectory: directory)
        var out = ""
        for row in tokenizer.tokenize(try inputs(), contextLength: length) {
            out += "[" + row.map(String.init).joined(separator: ",") + "]\n"
        }
        FileHandle.standardOutput.write(Data(out.utf8))
    }

    /// The texts from the arguments or, with --file, one per line.
    func inputs() throws -> [String] {
        guard let file else { return texts }
        let content: String
        do { content = try String(contentsOf: URL(fileURLWithPath: file), encoding: .utf8) } catch {
            throw CLIError("\(file): cannot read: \(error.localizedDescription)")
        }
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
