import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 file server on 127.0.0.1 (port chosen by the kernel) laid out like the
/// Hub: `/{repo}/resolve/{rev}/{file}`. Supports `Range: bytes=N-`, sends an ETag with the
/// SHA-256 for files marked as large, and can cut a response short to simulate a dropped
/// connection. Serves a bounded number of requests, then stops by itself.
final class LocalHubServer: @unchecked Sendable {
    struct File {
        let data: Data
        let sha256: String?
    }

    let port: UInt16
    private let socketFD: Int32
    private let lock = NSLock()
    private var files: [String: File]
    /// Files whose next response stops after this many bytes (then the entry is removed).
    private var cutAfter: [String: Int] = [:]
    private(set) var requests: [(path: String, range: String?)] = []

    init(files: [String: File], maxRequests: Int = 200) throws {
        self.files = files
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(socketFD, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socketFD, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.socketFD = socketFD
        let thread = Thread { [self] in serve(maxRequests) }
        thread.start()
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    func cut(_ path: String, after bytes: Int) {
        lock.lock()
        cutAfter[path] = bytes
        lock.unlock()
    }

    func stop() {
        shutdown(socketFD, Int32(SHUT_RDWR))
        close(socketFD)
    }

    private func serve(_ maxRequests: Int) {
        for _ in 0..<maxRequests {
            let client = accept(socketFD, nil, nil)
            guard client >= 0 else { return }
            handle(client)
            close(client)
        }
    }

    private func handle(_ client: Int32) {
        var request = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !request.contains(Data("\r\n\r\n".utf8)) {
            let n = recv(client, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            request.append(buffer, count: n)
        }
        let lines = String(decoding: request, as: UTF8.self).components(separatedBy: "\r\n")
        let parts = lines.first?.split(separator: " ") ?? []
        guard parts.count >= 2 else { return }
        let path = String(parts[1])
        let range = lines.first { $0.lowercased().hasPrefix("range:") }.map { String($0.dropFirst(6)).trimmingCharacters(in: .whitespaces) }
        lock.lock()
        requests.append((path, range))
        let file = files[path]
        let cut = cutAfter.removeValue(forKey: path)
        lock.unlock()
        guard let file else {
            send(client, Data("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            return
        }
        var start = 0
        if let range, range.hasPrefix("bytes="), let s = Int(range.dropFirst(6).split(separator: "-").first ?? "") { start = s }
        let body = file.data.subdata(in: min(start, file.data.count)..<file.data.count)
        var head = start > 0 ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n"
        head += "Content-Length: \(body.count)\r\nConnection: close\r\n"
        if start > 0 { head += "Content-Range: bytes \(start)-\(file.data.count - 1)/\(file.data.count)\r\n" }
        if let sha = file.sha256 { head += "ETag: \"\(sha)\"\r\n" }
        send(client, Data((head + "\r\n").utf8))
        send(client, cut.map { body.prefix($0) } ?? body)
    }

    private func send(_ client: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }
}
