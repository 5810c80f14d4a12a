/// Splits a text document into overlapping passages that each fit the text encoder.
///
/// Passages are runs of whole lines, grown greedily while `countTokens(passage) ≤ budget`.
/// Each next passage starts early enough to repeat about `overlap × budget` tokens of the
/// previous one (whole lines only). Blank lines do not start or end a passage. A line longer
/// than the budget is split into word windows (overlapping the same way) that all carry its
/// line number; a single word longer than the budget is cut by characters.
public struct PassageSplitter {
    /// Token budget per passage.
    public let budget: Int
    /// Fraction of the budget repeated between consecutive passages, in [0, 0.9].
    public let overlap: Double
    private let countTokens: (String) -> Int

    public init(budget: Int, overlap: Double = 0.25, countTokens: @escaping (String) -> Int) {
        precondition(budget > 0, "passage token budget must be positive")
        self.budget = budget
        self.overlap = min(max(overlap, 0), 0.9)
        self.countTokens = countTokens
    }

    private var overlapBudget: Int { Int(Double(budget) * overlap) }

    /// The passages of `text`, in document order.
    public func split(_ text: String) -> [Passage] {
        // "\r\n" is a single Character in Swift, so split on both forms.
        var lines = text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }
        ).map(String.init)
        if lines.last == "" { lines.removeLast() }
        let blank = lines.map { $0.allSatisfy(\.isWhitespace) }
        var passages: [Passage] = []
        var start = 0
        while start < lines.count {
            while start < lines.count && blank[start] { start += 1 }
            if start >= lines.count { break }
            if countTokens(lines[start]) > budget {
                passages += splitLongLine(lines[start], lineNumber: start + 1)
                start += 1
                continue
            }
            var end = start  // inclusive
            while end + 1 < lines.count, fits(lines[start ... (end + 1)]) { end += 1 }
            var last = end
            while blank[last] { last -= 1 }
            passages.append(
                Passage(
                    text: lines[start ... last].joined(separator: "\n"), startLine: start + 1,
                    endLine: last + 1))
            if end + 1 >= lines.count { break }
            start = nextStart(after: start, end: end, lines: lines, blank: blank)
        }
        return passages
    }

    private func fits(_ lines: ArraySlice<String>) -> Bool {
        countTokens(lines.joined(separator: "\n")) <= budget
    }

    /// First line of the next window: the earliest line after `start` whose tail up to `end`
    /// fits the overlap budget and still leaves room for line `end + 1`.
    private func nextStart(after start: Int, end: Int, lines: [String], blank: [Bool]) -> Int {
        guard overlapBudget > 0 else { return end + 1 }
        var candidate = start + 1
        while candidate <= end {
            if !blank[candidate],
                countTokens(lines[candidate ... end].joined(separator: "\n"))
                    <= overlapBudget, fits(lines[candidate ... (end + 1)])
            {
                return candidate
            }
            candidate += 1
        }
        return end + 1
    }

    /// Word windows of one over-long line.
    private func splitLongLine(_ line: String, lineNumber: Int) -> [Passage] {
        let words = line.split(whereSeparator: \.isWhitespace).map(String.init)
        var pieces: [String] = []
        var start = 0
        while start < words.count {
            if countTokens(words[start]) > budget {
                pieces += cutWord(words[start])
                start += 1
                continue
            }
            var end = start
            while end + 1 < words.count,
                countTokens(words[start ... (end + 1)].joined(separator: " ")) <= budget
            {
                end += 1
            }
            pieces.append(words[start ... end].joined(separator: " "))
            if end + 1 >= words.count { break }
            var next = end + 1
            if overlapBudget > 0 {
                var candidate = start + 1
                while candidate <= end {
                    let tail = words[candidate ... end].joined(separator: " ")
                    let extended = words[candidate ... (end + 1)].joined(separator: " ")
                    if countTokens(tail) <= overlapBudget, countTokens(extended) <= budget {
                        next = candidate
                        break
                    }
                    candidate += 1
                }
            }
            start = next
        }
        return pieces.map { Passage(text: $0, startLine: lineNumber, endLine: lineNumber) }
    }

    /// Consecutive character runs of `word`, each the longest prefix that fits.
    private func cutWord(_ word: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(word)
        while !rest.isEmpty {
            var low = 1
            var high = rest.count
            while low < high {
                let mid = (low + high + 1) / 2
                if countTokens(String(rest.prefix(mid))) <= budget {
                    low = mid
                } else {
                    high = mid - 1
                }
            }
            pieces.append(String(rest.prefix(low)))
            rest = rest.dropFirst(low)
        }
        return pieces
    }
}
