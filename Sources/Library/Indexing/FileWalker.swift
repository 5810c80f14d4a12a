import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A regular file found by the walk, with the `lstat` facts change detection uses.
struct WalkedFile: Sendable, Equatable {
    var path: String
    var size: Int
    var modifiedNs: Int64
    var kind: ItemKind
}

/// What a walk found and skipped.
struct WalkResult {
    var files: [WalkedFile] = []
    var skippedUnsupported = 0
    var skippedSymlinks = 0
    var skippedHidden = 0
    /// Directories that could not be listed; files under them are not treated as deleted.
    var unreadableDirectories: [String] = []
}

/// Depth-first walk of folders in sorted order, without following symbolic links.
///
/// Roots are resolved with `realpath` (a root may itself be a symlink, or a single file). Inside
/// a root, symlinks are never followed, so the walk cannot leave the roots or loop; hidden
/// entries (names starting with `.`, such as `.loupe`) and the `excluded` directory are skipped.
struct FileWalker {
    var includeHidden = false
    /// Canonical paths of directories never entered (the library directory).
    var excluded: Set<String> = []

    /// Canonical absolute path of `path`, or nil if it does not exist.
    static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    func walk(roots: [String]) -> WalkResult {
        var result = WalkResult()
        var seen = Set<String>()
        for root in roots {
            var info = stat()
            guard lstat(root, &info) == 0 else {
                result.unreadableDirectories.append(root)
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                walkDirectory(root, into: &result, seen: &seen)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                add(root, info, into: &result, seen: &seen)
            }
        }
        return result
    }

    private func walkDirectory(
        _ directory: String, into result: inout WalkResult, seen: inout Set<String>
    ) {
        if excluded.contains(directory) { return }
        guard let handle = opendir(directory) else {
            result.unreadableDirectories.append(directory)
            return
        }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: 256) {
                    String(validatingCString: $0)
                }
            }
            guard let name else {
                result.skippedUnsupported += 1  // not valid UTF-8: cannot be stored as a path
                continue
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        closedir(handle)
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let prefix = directory == "/" ? "/" : directory + "/"
        for name in names {
            if !includeHidden && name.hasPrefix(".") {
                result.skippedHidden += 1
                continue
            }
            let path = prefix + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFLNK:
                result.skippedSymlinks += 1
            case S_IFDIR:
                walkDirectory(path, into: &result, seen: &seen)
            case S_IFREG:
                add(path, info, into: &result, seen: &seen)
            default:
                break  // sockets, fifos, devices
            }
        }
    }

    private func add(
        _ path: String, _ info: stat, into result: inout WalkResult, seen: inout Set<String>
    ) {
        let name = (path as NSString).lastPathComponent
        guard let kind = ItemKind(fileName: name) else {
            result.skippedUnsupported += 1
            return
        }
        guard seen.insert(path).inserted else { return }  // overlapping roots
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        result.files.append(
            WalkedFile(path: path, size: Int(info.st_size), modifiedNs: modified, kind: kind))
    }
}
