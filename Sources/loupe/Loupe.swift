import ArgumentParser
import CLIPModels
import ModelHub
import Foundation
import TensorCore

@main
struct Loupe: ParsableCommand {
    /// Prints library errors (which name the file and key) without a stack of wrapping, exit 1.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ConfigurationError {
            exitWithMessage("\(error)")
        } catch let error as SafeTensorsError {
            exitWithMessage("\(error)")
        } catch let error as HubError {
            exitWithMessage("\(error)")
        } catch {
            exit(withError: error)
        }
    }

    static func exitWithMessage(_ message: String) -> Never {
        FileHandle.standardError.write(Data("loupe: error: \(message)\n".utf8))
        Foundation.exit(1)
    }

    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Look at images and text in one embedding space: CLIP inference, search, evaluation and training on CPU.",
        subcommands: [InfoCommand.self, SynthCommand.self, DemoCommand.self])
}
