import Foundation
import Testing

/// `--help` on every subcommand must reach ArgumentParser's help (exit 0, usage on stdout), not
/// surface as `loupe: error: CommandError(...)`, which happened when run() rethrew its error.
@Suite("--help on every command")
struct HelpTests {
    @Test("loupe COMMAND --help prints usage and exits 0", arguments: [
        ["index"], ["search"], ["status"], ["remove"], ["serve"], ["embed"], ["tokenize"], ["info"], ["eval"],
        ["eval", "compare"], ["train"], ["synth"], ["negatives"], ["demo"],
    ])
    func help(_ command: [String]) throws {
        let r = try CLIRunner.run(command + ["--help"])
        #expect(r.status == 0, "\(command) --help: \(r.stderr)")
        #expect(r.stdout.contains("USAGE:") && !r.stderr.contains("CommandError"), "\(command) --help: \(r.stdout) \(r.stderr)")
    }
}
