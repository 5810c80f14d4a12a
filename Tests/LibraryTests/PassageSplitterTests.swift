import Testing

@testable import Library

@Suite("Passage splitting")
struct PassageSplitterTests {
    /// One token per whitespace-separated word plus 2 for start/end tokens.
    static func tokens(_ text: String) -> Int {
        text.split(whereSeparator: \.isWhitespace).count + 2
    }

    static func document(lines: Int) -> String {
        (1 ... lines).map { line in
            line % 9 == 0
                ? "" : (0 ..< (line % 5 + 1)).map { "w\(line)_\($0)" }.joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test(
        "Every passage fits, spans match its text, all lines are covered",
        arguments: [(12, 0.0), (12, 0.25), (20, 0.5), (7, 0.25)])
    func invariants(budget: Int, overlap: Double) {
        let text = Self.document(lines: 60)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let splitter = PassageSplitter(budget: budget, overlap: overlap, countTokens: Self.tokens)
        let passages = splitter.split(text)
        #expect(!passages.isEmpty)
        var covered = Set<Int>()
        for p in passages {
            #expect(Self.tokens(p.text) <= budget)
            #expect(p.startLine <= p.endLine)
            #expect(p.text == lines[(p.startLine - 1) ... (p.endLine - 1)].joined(separator: "\n"))
            #expect(!lines[p.startLine - 1].isEmpty && !lines[p.endLine - 1].isEmpty)
            covered.formUnion(p.startLine ... p.endLine)
        }
        for (i, line) in lines.enumerated() where !line.isEmpty { #expect(covered.contains(i + 1)) }
        // Passages advance and, with overlap, consecutive ones share lines when they can.
        for (a, b) in zip(passages, passages.dropFirst()) {
            #expect(b.startLine > a.startLine && b.endLine > a.endLine)
            if overlap == 0 { #expect(b.startLine > a.endLine) }
        }
        if Int(Double(budget) * overlap) >= 3 {  // room to repeat at least a one-word line
            #expect(zip(passages, passages.dropFirst()).contains { $1.startLine <= $0.endLine })
        }
    }

    @Test func longLineIsSplitIntoWordWindowsOnItsLine() {
        let long = (0 ..< 40).map { "word\($0)" }.joined(separator: " ")
        let text = "short first line\n\(long)\nlast"
        let passages = PassageSplitter(budget: 10, overlap: 0.25, countTokens: Self.tokens).split(
            text)
        let middle = passages.filter { $0.startLine == 2 }
        #expect(middle.count > 1)
        #expect(middle.allSatisfy { $0.endLine == 2 && Self.tokens($0.text) <= 10 })
        let words = Set(middle.flatMap { $0.text.split(separator: " ").map(String.init) })
        #expect(words == Set((0 ..< 40).map { "word\($0)" }))
        #expect(passages.first?.text == "short first line")
        #expect(passages.last == Passage(text: "last", startLine: 3, endLine: 3))
    }

    @Test func giantWordIsCutByCharacters() {
        // Tokens = ceil(characters / 4) + 2, so a 50-character word needs cutting at budget 6.
        let count: (String) -> Int = { text in
            text.split(whereSeparator: \.isWhitespace).reduce(2) { $0 + ($1.count + 3) / 4 }
        }
        let word = String(repeating: "abcdefghij", count: 5)
        let passages = PassageSplitter(budget: 6, overlap: 0, countTokens: count).split(word)
        #expect(passages.map(\.text).joined() == word)
        #expect(passages.allSatisfy { count($0.text) <= 6 && $0.startLine == 1 })
    }

    @Test func blankAndEmptyDocumentsHaveNoPassages() {
        let splitter = PassageSplitter(budget: 10, countTokens: Self.tokens)
        #expect(splitter.split("").isEmpty)
        #expect(splitter.split("\n \n\t\n").isEmpty)
        #expect(
            splitter.split("one\r\ntwo\r\n") == [
                Passage(text: "one\ntwo", startLine: 1, endLine: 2)
            ])
    }
}
