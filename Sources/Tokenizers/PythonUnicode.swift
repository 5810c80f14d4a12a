// Python 3.11 string semantics (`str.isspace`, `str.strip`, `str.split`, `str.lower` and
// `re`'s `\w`/`\d`), from tables generated with Python's own Unicode 14.0 database.

/// Python `str` character predicates and transformations on code point arrays.
enum PythonUnicode {
    private static let spaceSet = ScalarSet(ranges: PythonUnicodeTables.space)
    private static let wordSet = ScalarSet(ranges: PythonUnicodeTables.word)
    private static let decimalSet = ScalarSet(ranges: PythonUnicodeTables.decimal)
    private static let casedSet = ScalarSet(ranges: PythonUnicodeTables.cased)
    private static let caseIgnorableSet = ScalarSet(ranges: PythonUnicodeTables.caseIgnorable)
    private static let lowercaseMap = RangeTable.mapping(PythonUnicodeTables.lowercase)

    private static let capitalSigma: UInt32 = 0x3A3
    private static let smallSigma: UInt32 = 0x3C3
    private static let finalSigma: UInt32 = 0x3C2

    /// `str.isspace()` for one character (also `re`'s `\s`).
    static func isSpace(_ value: UInt32) -> Bool { spaceSet.contains(value) }

    /// `re`'s `\w` for str patterns.
    static func isWord(_ value: UInt32) -> Bool { wordSet.contains(value) }

    /// `re`'s `\d` for str patterns.
    static func isDecimal(_ value: UInt32) -> Bool { decimalSet.contains(value) }

    /// `text.strip()`.
    static func strip(_ text: CodePoints) -> CodePoints {
        guard let first = text.firstIndex(where: { !isSpace($0) }),
            let last = text.lastIndex(where: { !isSpace($0) })
        else { return [] }
        return Array(text[first ... last])
    }

    /// `" ".join(text.split())`: whitespace runs become one space, ends are trimmed.
    static func collapseWhitespace(_ text: CodePoints) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var pendingSpace = false
        for value in text {
            if isSpace(value) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace {
                    result.append(0x20)
                    pendingSpace = false
                }
                result.append(value)
            }
        }
        return result
    }

    /// `text.lower()`: full lowercase mappings, with Python's Final_Sigma rule for Σ.
    static func lowercased(_ text: CodePoints) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(text.count)
        for (index, value) in text.enumerated() {
            if value < 0x80 {
                result.append(value >= 0x41 && value <= 0x5A ? value + 0x20 : value)
            } else if value == capitalSigma {
                result.append(isFinalSigma(text, at: index) ? finalSigma : smallSigma)
            } else if let mapped = lowercaseMap[value] {
                result += mapped
            } else {
                result.append(value)
            }
        }
        return result
    }

    /// CPython `handle_capital_sigma`: Σ preceded by a cased letter (skipping
    /// case-ignorables) and not followed by one.
    private static func isFinalSigma(_ text: CodePoints, at index: Int) -> Bool {
        var before = index - 1
        while before >= 0 && caseIgnorableSet.contains(text[before]) {
            before -= 1
        }
        guard before >= 0 && casedSet.contains(text[before]) else { return false }
        var after = index + 1
        while after < text.count && caseIgnorableSet.contains(text[after]) {
            after += 1
        }
        return after == text.count || !casedSet.contains(text[after])
    }
}
