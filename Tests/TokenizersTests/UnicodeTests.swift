import Testing

@testable import Tokenizers

/// Python string-function reference results (`Tools/fixtures/make_tokenizer_fixtures.py`).
struct UnicodeCases: Decodable, Sendable {
    let lower: [[String]]
    let nfc: [[String]]
    let html_unescape: [[String]]
    let pretokenize: [PreTokenizeCase]
    let clean_exceptions: [CleanException]

    struct PreTokenizeCase: Decodable, Sendable {
        let text: String
        let pieces: [String]

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            text = try container.decode(String.self)
            pieces = try container.decode([String].self)
        }
    }

    struct CleanException: Decodable, Sendable {
        let codePoint: UInt32
        let cleaned: String

        init(from decoder: any Decoder) throws {
            var container = try decoder.unkeyedContainer()
            codePoint = try container.decode(UInt32.self)
            cleaned = try container.decode(String.self)
        }
    }
}

@Suite("Python string semantics")
struct UnicodeTests {
    let cases: UnicodeCases

    init() throws {
        cases = try Fixtures.load("unicode_cases.json")
    }

    @Test("str.lower, including the final-sigma rule")
    func lower() {
        #expect(cases.lower.count >= 3000)
        for pair in cases.lower {
            let actual = PythonUnicode.lowercased(pair[0].codePoints)
            #expect(actual == scalars(pair[1]), "\(escaped(pair[0]))")
        }
    }

    @Test("unicodedata.normalize NFC")
    func nfc() {
        #expect(cases.nfc.filter { scalars($0[0]) != scalars($0[1]) }.count > 500)
        for pair in cases.nfc {
            let actual = UnicodeNormalization.nfc(pair[0].codePoints)
            #expect(actual == scalars(pair[1]), "\(escaped(pair[0]))")
        }
    }

    @Test("html.unescape")
    func htmlUnescape() {
        #expect(cases.html_unescape.filter { $0[0] != $0[1] }.count > 500)
        for pair in cases.html_unescape {
            let actual = HTMLUnescaper.unescape(pair[0].codePoints)
            #expect(actual == scalars(pair[1]), "\(escaped(pair[0]))")
        }
    }

    @Test("pre-tokenizer matches regex.findall with open_clip's pattern")
    func pretokenize() {
        let splitter = PreTokenizer(specials: [
            (literal: "<start_of_text>".codePoints, id: 49406),
            (literal: "<end_of_text>".codePoints, id: 49407),
        ])
        for item in cases.pretokenize {
            let text = item.text.codePoints
            let pieces = splitter.split(text).map { token -> [UInt32] in
                switch token {
                case .special(let id):
                    return (id == 49406 ? "<start_of_text>" : "<end_of_text>").codePoints
                case .word(let range): return Array(text[range])
                }
            }
            #expect(pieces == item.pieces.map(scalars), "\(escaped(item.text))")
        }
    }

    @Test("every code point cleans exactly as Python does (all 1,112,064 scalars)")
    func cleanEveryCodePoint() {
        var expected = [UInt32: [UInt32]]()
        for item in cases.clean_exceptions {
            expected[item.codePoint] = scalars(item.cleaned)
        }
        #expect(expected.count > 2000)
        var failures = [String]()
        for value in UInt32(0) ... 0x10FFFF where !(0xD800 ... 0xDFFF).contains(value) {
            let actual = TextCleaner.clean([value])
            if actual != (expected[value] ?? [value]) {
                failures.append("U+\(String(value, radix: 16)): \(actual)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count): \(failures.prefix(40))")
    }
}
