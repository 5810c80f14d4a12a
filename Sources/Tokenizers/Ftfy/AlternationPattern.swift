/// A character class of a Python `re` pattern: code point ranges, `\s`/`\w`/`\d`
/// categories (Python 3.11 semantics) and negation.
struct ScalarClass: Sendable {
    /// A Python `re` category escape inside a class.
    enum Category: Sendable {
        case space, word, decimal

        func contains(_ value: UInt32) -> Bool {
            switch self {
            case .space: return PythonUnicode.isSpace(value)
            case .word: return PythonUnicode.isWord(value)
            case .decimal: return PythonUnicode.isDecimal(value)
            }
        }
    }

    let ranges: [UInt32]
    let categories: [Category]
    let negated: Bool

    func contains(_ value: UInt32) -> Bool {
        var hit = RangeTable.contains(ranges, value)
        if !hit {
            hit = categories.contains { $0.contains(value) }
        }
        return hit != negated
    }
}

/// One element of a fixed-width regex alternative.
indirect enum PatternItem: Sendable {
    /// A literal code point (or byte).
    case scalar(UInt32)
    /// A character class, by index into the pattern's class list.
    case set(Int)
    /// `.` without DOTALL.
    case anyButNewline
    /// `^` without MULTILINE: the start of the text.
    case start
    /// `x?`, greedy.
    case optional(PatternItem)
}

/// A port of a Python regex that is an alternation of short class sequences
/// (ftfy's `BADNESS_RE`, `ALTERED_UTF8_RE`, `LOSSY_UTF8_RE`), with `re`'s leftmost-first
/// semantics: at each position the first alternative that matches wins.
struct AlternationPattern: Sendable {
    let alternatives: [[PatternItem]]
    let classes: [ScalarClass]
    /// BMP code points some alternative can start with (a pre-filter); `nil` if any can.
    private let starts: ScalarSet?

    init(alternatives: [[PatternItem]], classes: [ScalarClass]) {
        self.alternatives = alternatives
        self.classes = classes
        var ranges = [UInt32]()
        var unrestricted = false
        func add(_ item: PatternItem) {
            switch item {
            case .scalar(let value):
                ranges += [value, value]
            case .set(let id) where !classes[id].negated:
                ranges += classes[id].ranges
                for category in classes[id].categories {
                    switch category {
                    case .space: ranges += PythonUnicodeTables.space
                    case .word: ranges += PythonUnicodeTables.word
                    case .decimal: ranges += PythonUnicodeTables.decimal
                    }
                }
            default:
                unrestricted = true
            }
        }
        for alternative in alternatives {
            var items = alternative[...]
            if case .start = items.first { items = items.dropFirst() }
            guard let first = items.first else {
                unrestricted = true
                continue
            }
            if case .optional(let inner) = first {
                add(inner)
                if let next = items.dropFirst().first { add(next) }
            } else {
                add(first)
            }
        }
        starts = unrestricted ? nil : ScalarSet(ranges: ranges)
    }

    /// The length of the match starting at `index`, if any alternative matches there.
    func matchLength(in text: [UInt32], at index: Int) -> Int? {
        if let starts, index < text.count, !starts.contains(text[index]) {
            return nil
        }
        for alternative in alternatives {
            if let end = match(alternative[...], in: text, at: index) {
                return end - index
            }
        }
        return nil
    }

    /// `pattern.search(text) is not None`.
    func hasMatch(in text: [UInt32]) -> Bool {
        for index in 0 ..< text.count where matchLength(in: text, at: index) != nil {
            return true
        }
        return false
    }

    /// `pattern.sub(replacement, text)`.
    func replacingMatches(
        in text: [UInt32], with replacement: (ArraySlice<UInt32>) -> [UInt32]
    ) -> [UInt32] {
        var result = [UInt32]()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if let length = matchLength(in: text, at: index) {
                result += replacement(text[index ..< index + length])
                index += length
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    private func match(_ items: ArraySlice<PatternItem>, in text: [UInt32], at index: Int) -> Int? {
        guard let item = items.first else { return index }
        let rest = items.dropFirst()
        switch item {
        case .start:
            return index == 0 ? match(rest, in: text, at: index) : nil
        case .optional(let inner):
            if accepts(inner, text, index), let end = match(rest, in: text, at: index + 1) {
                return end
            }
            return match(rest, in: text, at: index)
        default:
            guard accepts(item, text, index) else { return nil }
            return match(rest, in: text, at: index + 1)
        }
    }

    private func accepts(_ item: PatternItem, _ text: [UInt32], _ index: Int) -> Bool {
        guard index < text.count else { return false }
        let value = text[index]
        switch item {
        case .scalar(let expected): return value == expected
        case .set(let id): return classes[id].contains(value)
        case .anyButNewline: return value != 0x0A
        case .start, .optional: preconditionFailure("nested zero-width item")
        }
    }
}
