import Foundation

/// Whether `url` is an existing folder.
func isDirectory(_ url: URL) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
}

/// `url` itself when it is a folder, else the folder containing it.
func containingFolder(_ url: URL) -> URL {
    isDirectory(url) ? url : url.deletingLastPathComponent()
}
