/// How the reference pre-tokenizer regex (module `regex`, IGNORECASE) classifies one
/// code point: `[\p{L}]`, `[\p{N}]`, `\s`, `[^\s\p{L}\p{N}]`, or none of them.
enum RegexCharacterClass: UInt8, Sendable {
    case other = 0
    case letter = 1
    case number = 2
    case space = 3
    /// Matched by no alternative (U+0345, whose case fold is a letter); `findall` skips it.
    case unmatched = 4

    private static let bmp: [RegexCharacterClass] = {
        var table = [RegexCharacterClass](repeating: .other, count: 0x10000)
        func fill(_ ranges: [UInt32], _ kind: RegexCharacterClass) {
            var index = 0
            while index < ranges.count {
                let end = min(ranges[index + 1], 0xFFFF)
                if ranges[index] <= end {
                    for value in ranges[index] ... end {
                        table[Int(value)] = kind
                    }
                }
                index += 2
            }
        }
        fill(RegexUnicodeTables.letter, .letter)
        fill(RegexUnicodeTables.number, .number)
        fill(RegexUnicodeTables.space, .space)
        fill(RegexUnicodeTables.unmatched, .unmatched)
        return table
    }()

    /// The class of `value`.
    init(_ value: UInt32) {
        if value < 0x10000 {
            self = Self.bmp[Int(value)]
        } else if RangeTable.contains(RegexUnicodeTables.letter, value) {
            self = .letter
        } else if RangeTable.contains(RegexUnicodeTables.number, value) {
            self = .number
        } else if RangeTable.contains(RegexUnicodeTables.space, value) {
            self = .space
        } else if RangeTable.contains(RegexUnicodeTables.unmatched, value) {
            self = .unmatched
        } else {
            self = .other
        }
    }

    private static let letterFolds: [UInt32: [UInt32]] = {
        var result: [UInt32: [UInt32]] = [:]
        let flat = RegexUnicodeTables.letterFolds
        for index in stride(from: 0, to: flat.count, by: 2) {
            result[flat[index], default: []].append(flat[index + 1])
        }
        return result
    }()

    /// Whether `value` matches the ASCII literal `literal` under `regex` IGNORECASE
    /// (simple case folding: `s` also matches `S` and U+017F ſ).
    static func matchesIgnoringCase(_ value: UInt32, literal: UInt32) -> Bool {
        if value == literal { return true }
        let lower = literal | 0x20
        guard lower >= 0x61 && lower <= 0x7A else { return false }
        if value == lower || value == lower - 0x20 { return true }
        return letterFolds[lower]?.contains(value) ?? false
    }
}
