/// Membership in a flat list of sorted, inclusive `[start, end]` code point pairs, the
/// format of the generated Unicode tables.
enum RangeTable {
    /// Whether `value` falls in one of the pairs of `table`.
    /// - Complexity: O(log n) for n pairs.
    static func contains(_ table: [UInt32], _ value: UInt32) -> Bool {
        var low = 0
        var high = table.count / 2
        while low < high {
            let middle = (low + high) / 2
            if value > table[2 * middle + 1] {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < table.count / 2 && value >= table[2 * low]
    }

    /// The same pairs sorted, with overlapping or adjacent pairs merged.
    static func normalized(_ table: [UInt32]) -> [UInt32] {
        let pairs = stride(from: 0, to: table.count, by: 2)
            .map { (table[$0], table[$0 + 1]) }
            .sorted { $0.0 < $1.0 }
        var result = [UInt32]()
        for (start, end) in pairs {
            if let last = result.last, start <= last &+ 1 {
                result[result.count - 1] = max(last, end)
            } else {
                result += [start, end]
            }
        }
        return result
    }

    /// Parses a `key, count, values…` table into a dictionary.
    static func mapping(_ flat: [UInt32]) -> [UInt32: [UInt32]] {
        var result: [UInt32: [UInt32]] = [:]
        var index = 0
        while index < flat.count {
            let count = Int(flat[index + 1])
            result[flat[index]] = Array(flat[index + 2 ..< index + 2 + count])
            index += 2 + count
        }
        return result
    }
}

/// A bit set over the Basic Multilingual Plane with a range-table fallback above it.
struct ScalarSet: Sendable {
    private let bits: [UInt64]
    private let astral: [UInt32]

    /// Builds the set from sorted inclusive `[start, end]` pairs.
    init(ranges: [UInt32]) {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        var index = 0
        while index < ranges.count {
            let end = min(ranges[index + 1], 0xFFFF)
            if ranges[index] <= end {
                for value in ranges[index] ... end {
                    bits[Int(value >> 6)] |= 1 << UInt64(value & 63)
                }
            }
            index += 2
        }
        self.bits = bits
        self.astral = RangeTable.normalized(ranges)
    }

    /// Whether the set holds `value`.
    func contains(_ value: UInt32) -> Bool {
        if value < 0x10000 {
            return bits[Int(value >> 6)] & (1 << UInt64(value & 63)) != 0
        }
        return RangeTable.contains(astral, value)
    }
}
