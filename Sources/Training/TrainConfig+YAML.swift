import Foundation
import Yams

extension TrainConfig {
    /// Whether `url` names a YAML file (`.yaml` or `.yml`).
    static func isYAML(_ url: URL) -> Bool { ["yaml", "yml"].contains(url.pathExtension.lowercased()) }

    /// The top-level object of a JSON or YAML config, as JSON-compatible values (YAML
    /// timestamps and binary become strings), so both formats go through the same key checks.
    static func parseDocument(_ data: Foundation.Data, url: URL) throws -> Any {
        guard isYAML(url) else {
            guard let object = try? JSONSerialization.jsonObject(with: data) else {
                throw TrainConfigError.unreadable(path: url.path, reason: "not valid JSON")
            }
            return object
        }
        let value: Any?
        do { value = try Yams.load(yaml: String(decoding: data, as: UTF8.self)) } catch {
            throw TrainConfigError.unreadable(path: url.path, reason: "not valid YAML: \(error)")
        }
        guard let value, value is [String: Any] else {
            throw TrainConfigError.unreadable(path: url.path, reason: "expected a YAML mapping of settings at the top level")
        }
        return jsonCompatible(value)
    }

    static func jsonCompatible(_ value: Any) -> Any {
        switch value {
        case let object as [String: Any]: return object.mapValues(jsonCompatible)
        case let object as [AnyHashable: Any]:
            return Dictionary(uniqueKeysWithValues: object.map { ("\($0.key)", jsonCompatible($0.value)) })
        case let list as [Any]: return list.map(jsonCompatible)
        case is String, is Int, is Double, is Bool, is NSNull: return value
        case let date as Date: return ISO8601DateFormatter().string(from: date)
        case let data as Foundation.Data: return data.base64EncodedString()
        default: return "\(value)"
        }
    }

    /// The config as YAML, keys in the order `--print-config` documents them.
    public func yamlString() throws -> String {
        try YAMLEncoder().encode(self)
    }
}
