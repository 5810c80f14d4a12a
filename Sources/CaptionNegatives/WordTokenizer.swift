import Foundation

/// A small word tokenizer approximating spaCy / NLTK `word_tokenize` on captions: splits on
/// whitespace, then separates leading and trailing punctuation (`. , ! ? ; : " ' ( ) [ ]`)
/// and the clitics `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`, `n't` into their own tokens.
/// Inner hyphens and apostrophes (`black-and-white`, `o'clock`) stay inside the word.
public enum WordTokenizer {
    static let edgePunctuation: Set<Character> = [
        ".", ",", "!", "?", ";", ":", "\"", "'", "(", ")", "[", "]", "{", "}",
    ]
    static let clitics = ["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"]

    /// The tokens of `text`; joining them with spaces gives every character back except
    /// whitespace.
    public static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        for piece in text.split(whereSeparator: \.isWhitespace) {
            var word = Substring(piece)
            var leading: [String] = []
            while let first = word.first, edgePunctuation.contains(first) {
                leading.append(String(first))
                word = word.dropFirst()
            }
            var trailing: [String] = []
            while let last = word.last, edgePunctuation.contains(last) {
                trailing.insert(String(last), at: 0)
                word = word.dropLast()
            }
            var clitic: String?
            let lowered = word.lowercased()
            if let match = clitics.first(where: {
                lowered.hasSuffix($0) && lowered.count > $0.count
            }) {
                clitic = String(word.suffix(match.count))
                word = word.dropLast(match.count)
            }
            tokens += leading
            if !word.isEmpty { tokens.append(String(word)) }
            if let clitic { tokens.append(clitic) }
            tokens += trailing
        }
        return tokens
    }
}
