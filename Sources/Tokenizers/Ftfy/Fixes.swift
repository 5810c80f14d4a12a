// Ports of the character-level fixers of ftfy 6.3.1 `fixes.py`.

extension Ftfy {
    private static let ligatures = RangeTable.mapping(FtfyTables.ligatures)
    private static let widthMap = RangeTable.mapping(FtfyTables.widthMap)
    private static let ligatureMinimum = ligatures.keys.min() ?? 0
    private static let widthMinimum = widthMap.keys.min() ?? 0
    private static let controlCharacters = ScalarSet(ranges: FtfyTables.controlCharacters)

    static func isC1Control(_ value: UInt32) -> Bool { value >= 0x80 && value <= 0x9F }

    /// `unescape_html`: entities of `HTML_ENTITY_RE` `&#?[0-9A-Za-z]{1,24};` that are html5
    /// names ending in `;`, ftfy's all-caps names, or numeric references `html.unescape`
    /// consumes whole.
    static func unescapeHTML(_ text: CodePoints) -> CodePoints {
        guard text.contains(0x26) else { return text }
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            guard text[index] == 0x26, let end = entityEnd(text, at: index) else {
                result.append(text[index])
                index += 1
                continue
            }
            let entity = Array(text[index ..< end])
            if let value = HTMLEntities.ftfy[Array(entity.dropFirst())] {
                result += value
            } else if entity[1] == 0x23 {
                let unescaped = HTMLUnescaper.unescape(entity)
                result += unescaped.contains(0x3B) ? entity : unescaped
            } else {
                result += entity
            }
            index = end
        }
        return result
    }

    private static func entityEnd(_ text: CodePoints, at index: Int) -> Int? {
        var position = index + 1
        if position < text.count && text[position] == 0x23 {
            position += 1
        }
        var end = position
        while end < text.count && end - position <= 24 && isASCIIAlphanumeric(text[end]) {
            end += 1
        }
        let length = end - position
        guard length >= 1 && length <= 24 && end < text.count && text[end] == 0x3B else {
            return nil
        }
        return end + 1
    }

    private static func isASCIIAlphanumeric(_ value: UInt32) -> Bool {
        (0x30 ... 0x39).contains(value) || (0x41 ... 0x5A).contains(value)
            || (0x61 ... 0x7A).contains(value)
    }

    /// `fix_c1_controls`: C1 controls read as sloppy Windows-1252.
    static func fixC1Controls(_ text: CodePoints) -> CodePoints {
        guard text.contains(where: isC1Control) else { return text }
        return text.map { isC1Control($0) ? CodePage.sloppyWindows1252.decode[Int($0)] : $0 }
    }

    /// `str.translate` with a table of replacements.
    private static func translate(
        _ text: CodePoints, _ table: [UInt32: [UInt32]], from lowest: UInt32
    ) -> CodePoints {
        guard text.contains(where: { $0 >= lowest && table[$0] != nil }) else { return text }
        var result = CodePoints()
        result.reserveCapacity(text.count)
        for value in text {
            if let replacement = table[value] {
                result += replacement
            } else {
                result.append(value)
            }
        }
        return result
    }

    /// `fix_latin_ligatures`.
    static func fixLatinLigatures(_ text: CodePoints) -> CodePoints {
        translate(text, ligatures, from: ligatureMinimum)
    }

    /// `fix_character_width`: full-width ASCII, half-width katakana/Hangul, U+3000.
    static func fixCharacterWidth(_ text: CodePoints) -> CodePoints {
        translate(text, widthMap, from: widthMinimum)
    }

    /// `uncurl_quotes`: `[\u02bc\u2018-\u201b]` → `'`, `[\u201c-\u201f]` → `"`.
    static func uncurlQuotes(_ text: CodePoints) -> CodePoints {
        guard text.contains(where: { $0 == 0x2BC || (0x2018 ... 0x201F).contains($0) }) else {
            return text
        }
        return text.map { value in
            if value == 0x2BC || (0x2018 ... 0x201B).contains(value) { return 0x27 }
            if (0x201C ... 0x201F).contains(value) { return 0x22 }
            return value
        }
    }

    /// `fix_line_breaks`: CRLF, CR, U+2028, U+2029 and U+0085 become LF.
    static func fixLineBreaks(_ text: CodePoints) -> CodePoints {
        guard text.contains(where: { [0x0D, 0x2028, 0x2029, 0x85].contains($0) }) else {
            return text
        }
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let value = text[index]
            if value == 0x0D && index + 1 < text.count && text[index + 1] == 0x0A {
                index += 1
                continue
            }
            result.append([0x0D, 0x2028, 0x2029, 0x85].contains(value) ? 0x0A : value)
            index += 1
        }
        return result
    }

    /// `remove_terminal_escapes`: `\033\[((?:\d|;)*)([a-zA-Z])`.
    static func removeTerminalEscapes(_ text: CodePoints) -> CodePoints {
        guard text.contains(0x1B) else { return text }
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            if text[index] == 0x1B && index + 1 < text.count && text[index + 1] == 0x5B {
                var end = index + 2
                while end < text.count
                    && (text[end] == 0x3B || PythonUnicode.isDecimal(text[end]))
                {
                    end += 1
                }
                if end < text.count && (0x41 ... 0x5A).contains(text[end] & ~0x20) {
                    index = end + 1
                    continue
                }
            }
            result.append(text[index])
            index += 1
        }
        return result
    }

    /// `remove_control_chars`.
    static func removeControlCharacters(_ text: CodePoints) -> CodePoints {
        guard text.contains(where: controlCharacters.contains) else { return text }
        return text.filter { !controlCharacters.contains($0) }
    }
}
