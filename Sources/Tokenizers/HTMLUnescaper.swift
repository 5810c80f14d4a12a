// Port of CPython 3.11 `Lib/html/__init__.py` `unescape`.

/// Python's `html.unescape`: HTML5 named and numeric character references.
enum HTMLUnescaper {
    private static let ampersand: UInt32 = 0x26
    private static let hash: UInt32 = 0x23
    private static let semicolon: UInt32 = 0x3B

    /// `html.unescape(text)`.
    ///
    /// Matches `&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)` left to right and
    /// replaces each match as `_replace_charref` does.
    static func unescape(_ text: CodePoints) -> CodePoints {
        guard text.contains(ampersand) else { return text }
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == ampersand, let (end, replacement) = reference(in: text, at: index) {
                result += replacement
                index = end
            } else {
                result.append(text[index])
                index += 1
            }
        }
        return result
    }

    /// The end of the reference starting with `&` at `index`, and its replacement.
    private static func reference(in text: CodePoints, at index: Int) -> (Int, CodePoints)? {
        var position = index + 1
        guard position < text.count else { return nil }
        if text[position] == hash {
            position += 1
            let end = run(text, from: position, isDigit: isDecimalDigit)
            if end > position {
                let value = number(text[position ..< end], radix: 10)
                return (skipSemicolon(text, end), numericReplacement(value))
            }
            guard position < text.count, text[position] | 0x20 == 0x78 else { return nil }
            let digits = position + 1
            let hexEnd = run(text, from: digits, isDigit: isHexDigit)
            if hexEnd > digits {
                let value = number(text[digits ..< hexEnd], radix: 16)
                return (skipSemicolon(text, hexEnd), numericReplacement(value))
            }
            return nil
        }
        var end = position
        while end < text.count && end - position < 32 && isNameCharacter(text[end]) {
            end += 1
        }
        guard end > position else { return nil }
        if end < text.count && text[end] == semicolon {
            end += 1
        }
        return (end, namedReplacement(Array(text[position ..< end])))
    }

    private static func run(_ text: CodePoints, from start: Int, isDigit: (UInt32) -> Bool)
        -> Int
    {
        var end = start
        while end < text.count && isDigit(text[end]) {
            end += 1
        }
        return end
    }

    private static func skipSemicolon(_ text: CodePoints, _ index: Int) -> Int {
        index < text.count && text[index] == semicolon ? index + 1 : index
    }

    private static func isDecimalDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    private static func isHexDigit(_ value: UInt32) -> Bool {
        isDecimalDigit(value) || (value | 0x20 >= 0x61 && value | 0x20 <= 0x66)
    }

    /// `[^\t\n\f <&#;]`.
    private static func isNameCharacter(_ value: UInt32) -> Bool {
        ![0x09, 0x0A, 0x0C, 0x20, 0x3C, 0x26, 0x23, 0x3B].contains(value)
    }

    /// The digits' value, saturated just above U+10FFFF (Python's int is unbounded).
    private static func number(_ digits: ArraySlice<UInt32>, radix: UInt32) -> UInt32 {
        var value: UInt32 = 0
        for digit in digits {
            let lower = digit | 0x20
            let digitValue = lower >= 0x61 ? lower - 0x61 + 10 : digit - 0x30
            value = min(value * radix + digitValue, 0x110000)
        }
        return value
    }

    private static func numericReplacement(_ value: UInt32) -> CodePoints {
        if let replacement = HTMLEntities.invalidCharrefs[value] {
            return [replacement]
        }
        if (0xD800 ... 0xDFFF).contains(value) || value > 0x10FFFF {
            return [0xFFFD]
        }
        if RangeTable.contains(HTMLEntityTable.invalidCodepoints, value) {
            return []
        }
        return [value]
    }

    private static func namedReplacement(_ name: CodePoints) -> CodePoints {
        if let value = HTMLEntities.html5[name] {
            return value
        }
        // The longest prefix (at least two characters) that is an entity name.
        if name.count > 2 {
            for length in stride(from: name.count - 1, to: 1, by: -1) {
                if let value = HTMLEntities.html5[Array(name[0 ..< length])] {
                    return value + name[length...]
                }
            }
        }
        return [ampersand] + name
    }
}
