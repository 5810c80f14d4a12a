import ArgumentParser
import Foundation

@main
struct Loupe: ParsableCommand {
    /// Parse errors and help go through ArgumentParser; errors while running (which name the
    /// file and key) are printed as one line, exit status 1.
    static func main() {
        ModelKinds.registerAll()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            try command.run()
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch {
            exitWithMessage("\(error)")
        }
    }

    static func exitWithMessage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("loupe: error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Look at images and text in one embedding space: CLIP inference, search, evaluation and training on CPU.",
        subcommands: [
            IndexCommand.self, SearchCommand.self, StatusCommand.self, RemoveCommand.self, EmbedCommand.self,
            TokenizeCommand.self, InfoCommand.self, EvalCommand.self, TrainCommand.self, SynthCommand.self,
            DemoCommand.self,
        ])
}
