/// Text as an array of Unicode code points, the unit Python string functions work on.
typealias CodePoints = [UInt32]

extension String {
    /// The string's Unicode scalar values.
    var codePoints: CodePoints {
        var result = CodePoints()
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            result.append(scalar.value)
        }
        return result
    }

    /// A string from code points that are valid Unicode scalars.
    init<C: Collection>(codePoints: C) where C.Element == UInt32 {
        var view = String.UnicodeScalarView()
        for value in codePoints {
            guard let scalar = Unicode.Scalar(value) else {
                preconditionFailure("U+\(String(value, radix: 16)) is not a Unicode scalar")
            }
            view.append(scalar)
        }
        self = String(view)
    }
}

extension Array where Element == UInt32 {
    /// Whether every code point is ASCII.
    var isASCII: Bool { allSatisfy { $0 < 0x80 } }

    /// Whether `needle` occurs at `index`.
    func hasSubsequence(_ needle: [UInt32], at index: Int) -> Bool {
        guard index + needle.count <= count else { return false }
        for offset in 0 ..< needle.count where self[index + offset] != needle[offset] {
            return false
        }
        return true
    }
}
