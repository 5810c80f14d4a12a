import ArgumentParser

@main
struct Loupe: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loupe",
        abstract: "Look at images and text in one embedding space: CLIP inference, search, evaluation and training on CPU.",
        subcommands: [DemoCommand.self])
}
