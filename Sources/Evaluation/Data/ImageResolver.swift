import Foundation

/// Finds image files named by benchmark annotations under one or more root folders.
///
/// A reference resolves, in order, as: an existing absolute path; `root/reference`;
/// `root/<file name>`; then, for COCO-style names (`000000397133.jpg`,
/// `COCO_val2014_000000397133.jpg`, `COCO_train2014_…`), any file under a root (searched up to
/// three folders deep) with the same 12-digit COCO id, whatever its split prefix. COCO ids are
/// unique across train/val 2014 and 2017, so this maps val2017 names onto the HierarCaps
/// `COCO_val2014_` files. When several files share an id, the first root wins, then the
/// lexicographically smallest path.
public final class ImageResolver {
    /// Folders searched, in order.
    public let roots: [URL]
    /// Whether COCO-id matching is enabled.
    public let matchesCOCOIdentifiers: Bool
    private var cocoIndex: [Int: URL]?

    /// A resolver over `roots`.
    public init(roots: [URL], matchesCOCOIdentifiers: Bool = true) {
        self.roots = roots
        self.matchesCOCOIdentifiers = matchesCOCOIdentifiers
    }

    /// The file for `reference`, or `nil` when none exists.
    public func resolve(_ reference: String) -> URL? {
        let fileManager = FileManager.default
        if reference.hasPrefix("/"), fileManager.fileExists(atPath: reference) {
            return URL(fileURLWithPath: reference)
        }
        let name = (reference as NSString).lastPathComponent
        for root in roots {
            for candidate in [reference, name] where !candidate.isEmpty {
                let url = root.appendingPathComponent(candidate)
                var isDirectory: ObjCBool = false
                if fileManager.fileExists(atPath: url.path, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    return url
                }
            }
        }
        if matchesCOCOIdentifiers, let id = Self.cocoIdentifier(of: name) {
            return index()[id]
        }
        return nil
    }

    /// The COCO image id in a COCO-style file name, else `nil`.
    public static func cocoIdentifier(of fileName: String) -> Int? {
        let stem = (fileName as NSString).deletingPathExtension
        let ext = (fileName as NSString).pathExtension.lowercased()
        guard ["jpg", "jpeg", "png"].contains(ext) else { return nil }
        let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
        guard let last = parts.last, last.count == 12, last.allSatisfy(\.isASCII),
            last.allSatisfy(\.isNumber)
        else { return nil }
        switch parts.count {
        case 1: break
        case 3:
            let split = parts[1]
            guard parts[0] == "COCO",
                ["train", "val", "test"].contains(where: { split.hasPrefix($0) })
            else { return nil }
        default: return nil
        }
        return Int(last)
    }

    private func index() -> [Int: URL] {
        if let cocoIndex { return cocoIndex }
        var found: [Int: URL] = [:]
        for root in roots {
            var local: [(String, Int)] = []
            collect(root, depth: 0, into: &local)
            for (path, id) in local.sorted(by: { $0.0 < $1.0 }) where found[id] == nil {
                found[id] = URL(fileURLWithPath: path)
            }
        }
        cocoIndex = found
        return found
    }

    private func collect(_ folder: URL, depth: Int, into out: inout [(String, Int)]) {
        guard depth <= 3,
            let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return }
        for name in names {
            let url = folder.appendingPathComponent(name)
            if let id = Self.cocoIdentifier(of: name) {
                out.append((url.path, id))
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory),
                isDirectory.boolValue
            {
                collect(url, depth: depth + 1, into: &out)
            }
        }
    }
}
