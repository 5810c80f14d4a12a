/// An error the command line reports as one line (`loupe: error: …`), exit status 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
