import Testing

@testable import Tokenizers

/// ftfy reference results (`Tools/fixtures/make_tokenizer_fixtures.py`).
struct FtfyCases: Decodable, Sendable {
    struct BadnessCases: Decodable, Sendable {
        let texts: [String]
        let results: String
    }

    let fix_text: [[String]]
    let is_bad: BadnessCases
}

@Suite("ftfy port")
struct FtfyTests {
    let cases: FtfyCases

    init() throws {
        cases = try Fixtures.load("ftfy_cases.json")
    }

    @Test("fix_text on generated mojibake matches ftfy 6.3.1")
    func fixText() {
        var failures = [String]()
        for pair in cases.fix_text {
            let actual = String(codePoints: Ftfy.fixText(pair[0].codePoints))
            if scalars(actual) != scalars(pair[1]) {
                failures.append(
                    "\(escaped(pair[0])) -> \(escaped(actual)), want \(escaped(pair[1]))")
            }
        }
        #expect(cases.fix_text.count > 1000)
        #expect(cases.fix_text.filter { scalars($0[0]) != scalars($0[1]) }.count > 500)
        let shown = failures.prefix(40).joined(separator: "\n")
        #expect(failures.isEmpty, "\(failures.count) of \(cases.fix_text.count):\n\(shown)")
    }

    @Test("is_bad matches ftfy's BADNESS_RE")
    func isBad() {
        let expected = cases.is_bad.results.map { $0 == "1" }
        #expect(expected.count == cases.is_bad.texts.count)
        var failures = [String]()
        for (text, bad) in zip(cases.is_bad.texts, expected)
        where Badness.isBad(text.codePoints) != bad {
            failures.append("\(escaped(text)): want \(bad)")
        }
        #expect(expected.contains(true) && expected.contains(false))
        #expect(
            failures.isEmpty, "\(failures.count):\n\(failures.prefix(40).joined(separator: "\n"))")
    }
}
