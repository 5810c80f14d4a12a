/// Lookup tables parsed from the generated `HTMLEntityTable`.
enum HTMLEntities {
    /// `html.entities.html5`, keyed by the name's code points (with or without `;`).
    static let html5: [CodePoints: CodePoints] = parse(HTMLEntityTable.html5)

    /// ftfy's `HTML_ENTITIES`: the html5 names ending in `;` plus all-caps variants, keyed
    /// by the name without `&`.
    static let ftfy: [CodePoints: CodePoints] = {
        var table = html5.filter { $0.key.last == 0x3B }
        table.merge(parse(HTMLEntityTable.ftfyUppercase)) { first, _ in first }
        return table
    }()

    /// `html._invalid_charrefs`.
    static let invalidCharrefs: [UInt32: UInt32] = {
        var table: [UInt32: UInt32] = [:]
        let flat = HTMLEntityTable.invalidCharrefs
        for index in stride(from: 0, to: flat.count, by: 2) {
            table[flat[index]] = flat[index + 1]
        }
        return table
    }()

    private static func parse(_ lines: String) -> [CodePoints: CodePoints] {
        var table: [CodePoints: CodePoints] = [:]
        for line in lines.split(separator: "\n") {
            let fields = line.split(separator: " ")
            let value = fields.dropFirst().map { UInt32($0, radix: 16)! }
            table[String(fields[0]).codePoints] = value
        }
        return table
    }
}
