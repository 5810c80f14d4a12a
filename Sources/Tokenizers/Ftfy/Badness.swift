// Port of ftfy 6.3.1 `badness.py`; the regex alternatives are generated from `BADNESS_RE`.

/// ftfy's mojibake heuristic.
enum Badness {
    static let pattern = AlternationPattern(
        alternatives: FtfyTables.badness, classes: FtfyTables.classes)

    /// `is_bad(text)`: whether some unlikely character sequence occurs.
    static func isBad(_ text: CodePoints) -> Bool {
        pattern.hasMatch(in: text)
    }
}
