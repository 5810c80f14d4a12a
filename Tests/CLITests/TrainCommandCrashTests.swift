import Foundation
import TensorCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `loupe train` survives `kill -9`: a run killed twice (once just after a checkpoint appears,
/// once between checkpoints with the log ahead of the last checkpoint) and resumed ends with
/// the same bytes as a straight run, and its metrics log holds every step exactly once.
@Suite("loupe train: kill -9 and resume")
struct TrainCommandCrashTests {
    static let steps = 8
    static let checkpointEvery = 2
    static let evalEvery = 4

    @Test("straight run == run killed with SIGKILL twice and resumed (bitwise); metrics log has no duplicated or missing step")
    func killAndResume() throws {
        let vocabulary = (ProcessInfo.processInfo.environment["LOUPE_CACHE"] ?? NSHomeDirectory() + "/.cache/loupe")
            + "/clip/bpe_simple_vocab_16e6.txt.gz"
        guard FileManager.default.fileExists(atPath: vocabulary) else {
            print("SKIP loupe train kill -9 test: no CLIP vocabulary in the cache (run make setup)")
            return
        }
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("loupe-train-kill-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let world = root.appendingPathComponent("world")
        let synth = try CLIRunner.run(["synth", "--out", world.path, "--seed", "4", "--train", "32", "--test", "8"])
        try #require(synth.status == 0, "\(synth.stderr)")
        let config = root.appendingPathComponent("config.json")
        try Self.config(world: world).write(to: config, atomically: true, encoding: .utf8)

        let straight = root.appendingPathComponent("straight")
        let done = try CLIRunner.run(["train", "--config", config.path, "--out", straight.path])
        try #require(done.status == 0, "\(done.stderr)")

        // First kill: as soon as the step-4 checkpoint (N/2) is complete (renamed into place).
        let killed = root.appendingPathComponent("killed")
        let arguments = ["train", "--config", config.path, "--out", killed.path]
        let checkpoints = killed.appendingPathComponent("checkpoints")
        let first = try Self.runAndKill(arguments, log: root.appendingPathComponent("first.log")) {
            fm.fileExists(atPath: checkpoints.appendingPathComponent("step-00000004").path)
        }
        // Second kill: between checkpoints, once step 7 (after the step-6 checkpoint) is logged,
        // so the log runs ahead of the newest checkpoint.
        let metrics = killed.appendingPathComponent("metrics.jsonl")
        let second = try Self.runAndKill(arguments, log: root.appendingPathComponent("second.log")) {
            fm.fileExists(atPath: checkpoints.appendingPathComponent("step-00000006").path)
                && (Self.trainingSteps(metrics).last ?? 0) >= 7
        }
        print("kill -9 test: first kill at logged step \(first), second at logged step \(second)")
        #expect(first >= 4 && first < Self.steps, "first kill came too late (step \(first))")
        #expect(second >= 7 && second < Self.steps, "second kill came too late (step \(second))")
        let resumed = try CLIRunner.run(arguments)
        try #require(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resumed from step 6"), "\(resumed.stderr)")

        // Final weights and the final checkpoint (model + optimizer state) are byte-identical.
        for file in ["final/open_clip_model.safetensors", "checkpoints/step-00000008/model.safetensors",
                     "checkpoints/step-00000008/optimizer.safetensors"] {
            let a = try Data(contentsOf: straight.appendingPathComponent(file))
            let b = try Data(contentsOf: killed.appendingPathComponent(file))
            #expect(a == b, "\(file) differs between the straight and the killed-and-resumed run")
        }
        let a = try SafeTensors.read(straight.appendingPathComponent("final/open_clip_model.safetensors"))
        let b = try SafeTensors.read(killed.appendingPathComponent("final/open_clip_model.safetensors"))
        #expect(Set(a.keys) == Set(b.keys))
        for (name, t) in a { #expect(t.scalars == b[name]?.scalars, "\(name) differs") }

        // Every training step logged once, in order, with the straight run's loss; evaluation
        // lines exactly at the evaluation steps.
        let expectedSteps = Array(1...Self.steps)
        #expect(Self.trainingSteps(metrics) == expectedSteps, "training steps logged: \(Self.trainingSteps(metrics))")
        #expect(Self.evaluationSteps(metrics) == [4, 8], "evaluation steps logged: \(Self.evaluationSteps(metrics))")
        #expect(Self.losses(metrics) == Self.losses(straight.appendingPathComponent("metrics.jsonl")))
        let leftovers = try fm.contentsOfDirectory(atPath: checkpoints.path).filter { $0.hasPrefix(".tmp-") }
        #expect(leftovers.isEmpty, "half-written checkpoints left behind: \(leftovers)")
    }

    static func config(world: URL) -> String {
        """
        {"model": {"architecture": "tiny"},
         "data": {"train": "\(world.path)/train.jsonl", "eval": "\(world.path)/test.jsonl"},
         "objective": {"name": "ceclip", "negative_types": ["swap_obj", "replace_att", "replace_obj", "replace_rel"]},
         "optimizer": {"lr": 0.001},
         "schedule": {"warmup": 3},
         "batch_size": 4, "steps": \(steps), "checkpoint_every": \(checkpointEvery), "eval_every": \(evalEvery), "seed": 11}
        """
    }

    /// Starts `loupe` with `arguments`, polls `ready` every 10 ms and sends SIGKILL once it holds.
    /// Returns the last training step in the log at the moment of the kill.
    static func runAndKill(_ arguments: [String], log: URL, ready: () -> Bool) throws -> Int {
        let process = Process()
        process.executableURL = CLIRunner.executable
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let deadline = Date().addingTimeInterval(600)
        while !ready() && process.isRunning && Date() < deadline { usleep(10_000) }
        let out = arguments[arguments.firstIndex(of: "--out")! + 1]
        let logged = trainingSteps(URL(fileURLWithPath: out).appendingPathComponent("metrics.jsonl")).last ?? 0
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try output.close()
        #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL,
                "the run ended on its own before the kill: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        return logged
    }

    static func lines(_ url: URL) -> [[String: Any]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func trainingSteps(_ url: URL) -> [Int] { lines(url).filter { $0["loss"] != nil }.compactMap { $0["step"] as? Int } }

    static func evaluationSteps(_ url: URL) -> [Int] {
        lines(url).filter { $0.keys.contains { $0.hasPrefix("eval/") } }.compactMap { $0["step"] as? Int }
    }

    static func losses(_ url: URL) -> [Double] { lines(url).compactMap { $0["loss"] as? Double } }
}
