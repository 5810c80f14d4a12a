import Testing

@testable import Library

@Suite("Weighted query parsing")
struct QueryParserTests {
    static let cases: [(String, [QueryTerm])] = [
        ("cat", [QueryTerm(weight: 1, text: "cat")]),
        ("red car", [QueryTerm(weight: 1, text: "red car")]),
        (
            #""red car" + 2:"night" - "rain""#,
            [
                QueryTerm(weight: 1, text: "red car"), QueryTerm(weight: 2, text: "night"),
                QueryTerm(weight: -1, text: "rain"),
            ]
        ),
        (
            "sunset over water - people",
            [
                QueryTerm(weight: 1, text: "sunset over water"),
                QueryTerm(weight: -1, text: "people"),
            ]
        ),
        (
            "0.5:beach -2:crowd",
            [
                QueryTerm(weight: 0.5, text: "beach"), QueryTerm(weight: -2, text: "crowd"),
            ]
        ),
        (
            ".5:\"a b\" +3.:c",
            [QueryTerm(weight: 0.5, text: "a b"), QueryTerm(weight: 3, text: "c")]
        ),
        (#""cat" "dog""#, [QueryTerm(weight: 1, text: "cat"), QueryTerm(weight: 1, text: "dog")]),
        (#""a"-"b""#, [QueryTerm(weight: 1, text: "a"), QueryTerm(weight: -1, text: "b")]),
        ("t-shirt c++ 10:30", [QueryTerm(weight: 1, text: "t-shirt c++ 10:30")]),
        ("red 2:car", [QueryTerm(weight: 1, text: "red 2:car")]),
        ("- rain", [QueryTerm(weight: -1, text: "rain")]),
        (#""say \"hi\" \\ now""#, [QueryTerm(weight: 1, text: #"say "hi" \ now"#)]),
        ("  spaced   out  ", [QueryTerm(weight: 1, text: "spaced out")]),
        (
            "photo.jpg + 2:sky",
            [
                QueryTerm(weight: 1, text: "photo.jpg"), QueryTerm(weight: 2, text: "sky"),
            ]
        ),
    ]

    @Test("Valid queries", arguments: cases.indices)
    func parses(index: Int) throws {
        let (query, expected) = Self.cases[index]
        #expect(try QueryParser.parse(query) == expected)
    }

    static let invalid: [(String, String)] = [
        ("", "empty query"),
        ("   ", "empty query"),
        (#""unterminated"#, "unterminated quote"),
        (#""""#, "empty quoted term"),
        ("cat +", "operator or weight without a term"),
        ("cat + - dog", "operator without a term"),
        ("2:", "operator or weight without a term"),
        ("2:3:x", "two weights for one term"),
    ]

    @Test("Invalid queries name the problem", arguments: invalid.indices)
    func rejects(index: Int) {
        let (query, reason) = Self.invalid[index]
        #expect(throws: LibraryError.invalidQuery(query: query, reason: reason)) {
            try QueryParser.parse(query)
        }
    }
}
