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

    /// The config as YAML, keys in the order `--print-config` documents them, numbers as Swift
    /// prints the Float (`0.2`, `1e-06`) rather than widened to Double (`2.00000002980232e-1`).
    public func yamlString() throws -> String {
        try Yams.serialize(node: try yamlNode())
    }

    /// The encoded config as a YAML node tree, floats already shortened.
    func yamlNode() throws -> Node {
        let yaml = try YAMLEncoder().encode(self)
        guard let node = try Yams.compose(yaml: yaml) else {
            throw TrainConfigError.invalid(key: "", reason: "does not encode as a YAML document")
        }
        return Self.shortestFloats(node)
    }

    static func shortestFloats(_ node: Node) -> Node {
        switch node {
        case let .scalar(scalar):
            guard node.tag.description == Tag.Name.float.rawValue, let value = node.float else { return node }
            var tidy = scalar
            tidy.string = "\(Float(value))"
            return .scalar(tidy)
        case let .mapping(mapping):
            return .mapping(Node.Mapping(mapping.map { ($0.key, shortestFloats($0.value)) }, mapping.tag, mapping.style))
        case let .sequence(sequence):
            return .sequence(Node.Sequence(sequence.map(shortestFloats), sequence.tag, sequence.style))
        case .alias:
            return node
        }
    }
}

extension TrainConfig {
    /// Top-level sections read by one objective only.
    static let objectiveSections = ["text_tower": "dual", "mhcvse": "mhcvse", "ccl": "ccl"]

    /// The config as JSON or YAML (`format` `json` or `yaml`) without the sections only other
    /// objectives read, as `loupe train --print-config` shows it; loading it restores their defaults.
    public func exampleString(format: String) throws -> String {
        let unused = Self.objectiveSections.filter { $0.value != objective.name }.map(\.key)
        if format == "yaml" {
            guard case var .mapping(mapping) = try yamlNode() else {
                throw TrainConfigError.invalid(key: "", reason: "does not encode as a YAML mapping")
            }
            for key in unused { mapping[key] = nil }
            return try Yams.serialize(node: .mapping(mapping))
        }
        guard var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(self)) as? [String: Any] else {
            throw TrainConfigError.invalid(key: "", reason: "does not encode as a JSON object")
        }
        for key in unused { object.removeValue(forKey: key) }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
