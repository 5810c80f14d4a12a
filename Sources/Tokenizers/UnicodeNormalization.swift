// Unicode normalization form C (UAX #15) with Python 3.11's Unicode 14.0 data, so it agrees
// with `unicodedata.normalize("NFC", text)` whatever the platform's Unicode version is.

/// NFC and NFD normalization.
enum UnicodeNormalization {
    private static let decompositions = RangeTable.mapping(NormalizationTables.decomposition)

    private static let combiningClasses: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        let flat = NormalizationTables.combiningClass
        for index in stride(from: 0, to: flat.count, by: 3) {
            for value in flat[index] ... flat[index + 1] {
                table[value] = UInt8(flat[index + 2])
            }
        }
        return table
    }()

    private static let compositions: [UInt64: UInt32] = {
        var table: [UInt64: UInt32] = [:]
        let flat = NormalizationTables.composition
        for index in stride(from: 0, to: flat.count, by: 3) {
            table[pairKey(flat[index], flat[index + 1])] = flat[index + 2]
        }
        return table
    }()

    /// Code points below this are unchanged by NFC and never combine with what follows.
    private static let firstCombining: UInt32 = 0x300

    private static let hangulBase: UInt32 = 0xAC00
    private static let leadBase: UInt32 = 0x1100
    private static let vowelBase: UInt32 = 0x1161
    private static let trailBase: UInt32 = 0x11A7
    private static let vowelCount: UInt32 = 21
    private static let trailCount: UInt32 = 28
    private static let syllableCount: UInt32 = 11172

    private static func pairKey(_ first: UInt32, _ second: UInt32) -> UInt64 {
        UInt64(first) << 32 | UInt64(second)
    }

    static func combiningClass(_ value: UInt32) -> UInt8 {
        value < firstCombining ? 0 : combiningClasses[value] ?? 0
    }

    private static let quickCheckNo = ScalarSet(ranges: NormalizationTables.quickCheckNo)

    /// NFC_Quick_Check = Maybe: code points that can combine with what precedes them.
    private static let quickCheckMaybe: ScalarSet = {
        var seconds = [UInt32]()
        let flat = NormalizationTables.composition
        for index in stride(from: 1, to: flat.count, by: 3) {
            seconds.append(flat[index])
        }
        seconds += Array(vowelBase ..< vowelBase + vowelCount)
        seconds += Array(trailBase + 1 ..< trailBase + trailCount)
        let ranges = Set(seconds).sorted().flatMap { [$0, $0] }
        return ScalarSet(ranges: ranges)
    }()

    /// `unicodedata.normalize("NFC", text)`.
    static func nfc(_ text: CodePoints) -> CodePoints {
        if isNFCQuick(text) {
            return text
        }
        return compose(canonicalOrder(decompose(text)))
    }

    /// `unicodedata.normalize("NFD", text)`: canonical decomposition in canonical order.
    static func nfd(_ text: CodePoints) -> CodePoints {
        if text.allSatisfy({ $0 < 0xC0 }) {
            return text
        }
        return canonicalOrder(decompose(text))
    }

    /// The UAX #15 quick check, answering only "yes": every code point is a starter that is
    /// neither changed by NFC (`No`) nor able to combine with its predecessor (`Maybe`).
    private static func isNFCQuick(_ text: CodePoints) -> Bool {
        for value in text where value >= firstCombining {
            if combiningClass(value) != 0 || quickCheckNo.contains(value)
                || quickCheckMaybe.contains(value)
            {
                return false
            }
        }
        return true
    }

    private static func decompose(_ text: CodePoints) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(text.count + 8)
        for value in text {
            appendDecomposition(of: value, to: &result)
        }
        return result
    }

    private static func appendDecomposition(of value: UInt32, to result: inout CodePoints) {
        if value >= hangulBase && value < hangulBase + syllableCount {
            let index = value - hangulBase
            result.append(leadBase + index / (vowelCount * trailCount))
            result.append(vowelBase + (index % (vowelCount * trailCount)) / trailCount)
            if index % trailCount != 0 {
                result.append(trailBase + index % trailCount)
            }
        } else if value >= 0xC0, let parts = decompositions[value] {
            for part in parts {
                appendDecomposition(of: part, to: &result)
            }
        } else {
            result.append(value)
        }
    }

    /// Stable sort of each run of non-starters by combining class.
    private static func canonicalOrder(_ text: CodePoints) -> CodePoints {
        var text = text
        var index = 1
        while index < text.count {
            let currentClass = combiningClass(text[index])
            if currentClass != 0 {
                var position = index
                while position > 0 {
                    let previousClass = combiningClass(text[position - 1])
                    guard previousClass > currentClass else { break }
                    text.swapAt(position, position - 1)
                    position -= 1
                }
            }
            index += 1
        }
        return text
    }

    private static func compose(_ text: CodePoints) -> CodePoints {
        var result = CodePoints()
        result.reserveCapacity(text.count)
        var starter: Int?
        var lastClass: UInt8 = 0
        for value in text {
            let valueClass = combiningClass(value)
            if let starterIndex = starter {
                let adjacent = result.count - 1 == starterIndex
                let blocked = !adjacent && (lastClass == 0 || lastClass >= valueClass)
                if !blocked, let composite = composite(result[starterIndex], value) {
                    result[starterIndex] = composite
                    continue
                }
            }
            if valueClass == 0 {
                starter = result.count
            }
            result.append(value)
            lastClass = valueClass
        }
        return result
    }

    private static func composite(_ first: UInt32, _ second: UInt32) -> UInt32? {
        if first >= leadBase && first < leadBase + 19 && second >= vowelBase
            && second < vowelBase + vowelCount
        {
            let lead = first - leadBase
            let vowel = second - vowelBase
            return hangulBase + (lead * vowelCount + vowel) * trailCount
        }
        if first >= hangulBase && first < hangulBase + syllableCount
            && (first - hangulBase) % trailCount == 0 && second > trailBase
            && second < trailBase + trailCount
        {
            return first + (second - trailBase)
        }
        return compositions[pairKey(first, second)]
    }
}
