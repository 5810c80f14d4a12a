import CSHA256
import Foundation
import Hashing
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    /// Compared with the system's `sha256sum` (GNU coreutils), an independent implementation.
    func reference(_ data: Data) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        p.arguments = [url.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        p.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .split(separator: " ").first.map(String.init) ?? ""
    }

    @Test("matches sha256sum on lengths around block boundaries", arguments: [0, 1, 55, 56, 63, 64, 65, 127, 128, 1000, 70_001])
    func lengths(_ n: Int) throws {
        let data = Data((0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        #expect(SHA256.hex(data) == (try reference(data)))
    }

    @Test("streaming in uneven pieces equals one-shot")
    func streaming() {
        let data = Data((0..<5000).map { UInt8(truncatingIfNeeded: $0 * 13) })
        var h = SHA256()
        var offset = 0
        for size in [1, 63, 64, 65, 200, 3, 1000] + Array(repeating: 500, count: 10) where offset < data.count {
            let end = min(data.count, offset + size)
            h.update(data.subdata(in: offset..<end))
            offset = end
        }
        #expect(h.hexDigest() == SHA256.hex(data))
    }

    /// On a CPU without the SHA extensions both calls take the portable path; the sha256sum tests
    /// above check whichever path the machine takes.
    @Test("the CPU-extension kernel and the portable kernel agree block for block")
    func kernelsAgree() {
        var bytes = [UInt8](repeating: 0, count: 64 * 257)
        var x: UInt32 = 0x9E37_79B9
        for i in bytes.indices {
            x = x &* 1_664_525 &+ 1_013_904_223
            bytes[i] = UInt8(truncatingIfNeeded: x >> 24)
        }
        let initial: [UInt32] = [0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19]
        for blocks in [1, 2, 3, 257] {
            var fast = initial, portable = initial
            bytes.withUnsafeBufferPointer { b in
                loupe_sha256_blocks(&fast, b.baseAddress!, blocks)
                loupe_sha256_blocks_portable(&portable, b.baseAddress!, blocks)
            }
            #expect(fast == portable, "\(blocks) blocks")
            #expect(fast != initial)
        }
    }
}
