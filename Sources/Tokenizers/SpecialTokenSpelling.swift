/// How the two special tokens (ids 49406 and 49407 in CLIP) are spelled, which decides the
/// literals recognised inside user text and what `decode` prints for them.
public enum SpecialTokenSpelling: Sendable, Equatable {
    /// open_clip 3.x `SimpleTokenizer`: `<start_of_text>` and `<end_of_text>`.
    case openCLIP
    /// openai/CLIP and HF `vocab.json`: `<|startoftext|>` and `<|endoftext|>`.
    case openAI

    /// The start-of-text literal.
    public var startOfText: String {
        switch self {
        case .openCLIP: return "<start_of_text>"
        case .openAI: return "<|startoftext|>"
        }
    }

    /// The end-of-text literal.
    public var endOfText: String {
        switch self {
        case .openCLIP: return "<end_of_text>"
        case .openAI: return "<|endoftext|>"
        }
    }
}
