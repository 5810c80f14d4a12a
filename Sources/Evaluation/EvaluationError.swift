import Foundation

/// Everything that can go wrong while loading benchmark data, embedding it or writing reports.
public enum EvaluationError: Error, CustomStringConvertible, Equatable {
    /// A required file or folder is absent; `expected` describes the layout the suite needs.
    case missingData(suite: String, path: String, expected: String)
    /// A file exists but a record in it is malformed.
    case malformed(file: String, location: String, key: String, problem: String)
    /// The embedder broke its contract (wrong count or dimension of vectors).
    case embedderContract(String)
    /// No case of the suite could be evaluated.
    case nothingToEvaluate(suite: String, reasons: [String: Int])
    /// A report or comparison input is unusable.
    case report(String)
    /// The embedding cache could not be read or written.
    case cache(path: String, problem: String)

    public var description: String {
        switch self {
        case let .missingData(suite, path, expected):
            return "\(suite): missing data at \(path). Expected layout: \(expected)"
        case let .malformed(file, location, key, problem):
            return "\(file): \(location), key '\(key)': \(problem)"
        case let .embedderContract(message):
            return "embedder: \(message)"
        case let .nothingToEvaluate(suite, reasons):
            let listed = reasons.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
            return "\(suite): no case could be evaluated; skipped: "
                + (listed.isEmpty ? "no cases in the data" : listed.joined(separator: "; "))
        case let .report(message):
            return "report: \(message)"
        case let .cache(path, problem):
            return "embedding cache \(path): \(problem)"
        }
    }
}
