import Foundation
import NN
import TensorCore

/// Everything needed to resume a run exactly: weights, optimizer state, step, RNG and any
/// objective state (e.g. CE-CLIP thresholds).
public struct TrainingSnapshot: Codable, Equatable, Sendable {
    public var step: Int
    public var rng: RandomGenerator
    /// Objective-specific state, e.g. `{"cmr_thresholds": [...]}`.
    public var objectiveState: [String: [Float]]
    /// Free-form description of the run (config hash, objective name).
    public var run: [String: String]

    public init(step: Int, rng: RandomGenerator, objectiveState: [String: [Float]] = [:], run: [String: String] = [:]) {
        self.step = step
        self.rng = rng
        self.objectiveState = objectiveState
        self.run = run
    }
}

/// Errors reading checkpoints.
public enum CheckpointError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    public var description: String {
        switch self {
        case let .unreadable(path, reason): return "\(path): cannot resume from checkpoint: \(reason)"
        }
    }
}

/// Checkpoints under `directory/checkpoints/step-NNNNNNNN/`, each written to a temporary folder
/// and renamed into place, so a run killed at any moment leaves only complete checkpoints.
public struct CheckpointStore {
    public let directory: URL
    /// How many recent checkpoints to keep.
    public var keep: Int

    public init(directory: URL, keep: Int = 2) {
        self.directory = directory.appendingPathComponent("checkpoints")
        self.keep = keep
    }

    /// Writes a checkpoint atomically and prunes old ones.
    public func save(model: Module, optimizer: any Optimizer, snapshot: TrainingSnapshot) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = String(format: "step-%08d", snapshot.step)
        // Half-written folders of a killed run are never restored; clear them out.
        for stale in try fm.contentsOfDirectory(atPath: directory.path) where stale.hasPrefix(".tmp-") {
            try? fm.removeItem(at: directory.appendingPathComponent(stale))
        }
        let temporary = directory.appendingPathComponent(".tmp-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try fm.createDirectory(at: temporary, withIntermediateDirectories: true)
        try SafeTensors.write(model.stateDict(), to: temporary.appendingPathComponent("model.safetensors"))
        try SafeTensors.write(optimizer.stateDict(), to: temporary.appendingPathComponent("optimizer.safetensors"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(snapshot).write(to: temporary.appendingPathComponent("state.json"))
        let final = directory.appendingPathComponent(name)
        try? fm.removeItem(at: final)
        try fm.moveItem(at: temporary, to: final)
        for old in try completed().dropLast(keep) { try? fm.removeItem(at: old) }
    }

    /// Complete checkpoints, oldest first.
    public func completed() throws -> [URL] {
        guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix("step-") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Restores the newest checkpoint into `model` and `optimizer`; `nil` when there is none.
    public func restoreLatest(model: Module, optimizer: any Optimizer) throws -> TrainingSnapshot? {
        guard let latest = try completed().last else { return nil }
        do {
            try model.load(SafeTensors.read(latest.appendingPathComponent("model.safetensors")))
            try optimizer.loadState(SafeTensors.read(latest.appendingPathComponent("optimizer.safetensors")))
            return try JSONDecoder().decode(TrainingSnapshot.self, from: Data(contentsOf: latest.appendingPathComponent("state.json")))
        } catch {
            throw CheckpointError.unreadable(path: latest.path, reason: "\(error)")
        }
    }
}
