import CZlib
import Foundation

/// A minimal zip reader for `.npz` archives: central directory (with zip64 records), stored and
/// raw-deflate members, CRC-32 check.
enum ZipReader {
    /// One central-directory entry.
    struct Member {
        let name: String
        let method: Int
        let crc: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
    }

    /// Lists the archive's members from its central directory.
    static func members(of data: Data, path: String) throws -> [Member] {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let reader = ByteReader(raw: raw, path: path)
            let (count, offset) = try directoryLocation(reader)
            var members: [Member] = []
            var at = offset
            for _ in 0 ..< count {
                guard try reader.u32(at) == 0x0201_4B50 else {
                    throw NumpyError.malformedArchive(
                        path: path, reason: "bad central directory entry")
                }
                let nameLength = try reader.u16(at + 28)
                let extraLength = try reader.u16(at + 30)
                let commentLength = try reader.u16(at + 32)
                let name = String(decoding: try reader.bytes(at + 46, nameLength), as: UTF8.self)
                var uncompressed = try reader.u32(at + 24)
                var compressed = try reader.u32(at + 20)
                var local = try reader.u32(at + 42)
                try readZip64Extra(
                    reader, at: at + 46 + nameLength, length: extraLength,
                    uncompressed: &uncompressed, compressed: &compressed, offset: &local)
                members.append(
                    Member(
                        name: name, method: try reader.u16(at + 10),
                        crc: UInt32(try reader.u32(at + 16)), compressedSize: compressed,
                        uncompressedSize: uncompressed, localHeaderOffset: local))
                at += 46 + nameLength + extraLength + commentLength
            }
            return members
        }
    }

    /// Returns a member's uncompressed bytes, checking its CRC-32.
    static func extract(_ member: Member, from data: Data, path: String) throws
        -> [UInt8]
    {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let reader = ByteReader(raw: raw, path: path)
            let at = member.localHeaderOffset
            guard try reader.u32(at) == 0x0403_4B50 else {
                throw NumpyError.malformedArchive(
                    path: path, reason: "bad local header for \(member.name)")
            }
            let start = at + 30 + (try reader.u16(at + 26)) + (try reader.u16(at + 28))
            let compressed = try reader.bytes(start, member.compressedSize)
            let content: [UInt8]
            switch member.method {
            case 0:
                content = Array(compressed)
            case 8:
                content = try inflate(
                    compressed, size: member.uncompressedSize, path: path,
                    member: member.name)
            default:
                throw NumpyError.unsupportedCompression(
                    path: path, member: member.name, method: member.method)
            }
            guard content.count == member.uncompressedSize else {
                throw NumpyError.corruptMember(
                    path: path, member: member.name, reason: "size mismatch")
            }
            let crc = content.withUnsafeBufferPointer {
                crc32(0, $0.baseAddress, uInt($0.count))
            }
            guard UInt32(crc) == member.crc else {
                throw NumpyError.corruptMember(
                    path: path, member: member.name, reason: "CRC-32 mismatch")
            }
            return content
        }
    }

    /// Finds the end-of-central-directory record (and its zip64 twin when present).
    private static func directoryLocation(_ reader: ByteReader) throws
        -> (count: Int, offset: Int)
    {
        let size = reader.raw.count
        var eocd = -1
        var at = size - 22
        while at >= max(0, size - 22 - 65_535) {
            if try reader.u32(at) == 0x0605_4B50 {
                eocd = at
                break
            }
            at -= 1
        }
        guard eocd >= 0 else {
            throw NumpyError.malformedArchive(
                path: reader.path, reason: "no end of central directory")
        }
        var count = try reader.u16(eocd + 10)
        var offset = try reader.u32(eocd + 16)
        if count == 0xFFFF || offset == 0xFFFF_FFFF, eocd >= 20,
            try reader.u32(eocd - 20) == 0x0706_4B50
        {
            let record = try reader.u64(eocd - 20 + 8)
            guard try reader.u32(record) == 0x0606_4B50 else {
                throw NumpyError.malformedArchive(
                    path: reader.path, reason: "bad zip64 directory record")
            }
            count = try reader.u64(record + 32)
            offset = try reader.u64(record + 48)
        }
        return (count, offset)
    }

    /// Replaces 0xFFFFFFFF sizes/offset with the values of a zip64 extra field (id 1).
    private static func readZip64Extra(
        _ reader: ByteReader, at start: Int, length: Int, uncompressed: inout Int,
        compressed: inout Int, offset: inout Int
    ) throws {
        var at = start
        while at + 4 <= start + length {
            let id = try reader.u16(at)
            let size = try reader.u16(at + 2)
            if id == 1 {
                var field = at + 4
                if uncompressed == 0xFFFF_FFFF {
                    uncompressed = try reader.u64(field)
                    field += 8
                }
                if compressed == 0xFFFF_FFFF {
                    compressed = try reader.u64(field)
                    field += 8
                }
                if offset == 0xFFFF_FFFF { offset = try reader.u64(field) }
                return
            }
            at += 4 + size
        }
    }

    /// Raw-deflate decompression with zlib (`windowBits = -15`).
    private static func inflate(
        _ input: UnsafeRawBufferPointer, size: Int, path: String, member: String
    ) throws -> [UInt8] {
        var output = [UInt8](repeating: 0, count: size)
        var stream = z_stream()
        var status = inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            throw NumpyError.corruptMember(path: path, member: member, reason: "zlib init failed")
        }
        status = output.withUnsafeMutableBufferPointer { out in
            stream.next_in = UnsafeMutablePointer(
                mutating: input.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress
            stream.avail_out = uInt(out.count)
            let result = CZlib.inflate(&stream, Z_FINISH)
            inflateEnd(&stream)
            return result
        }
        guard status == Z_STREAM_END, Int(stream.total_out) == size else {
            let reason = status == Z_STREAM_END ? "size mismatch" : "inflate error \(status)"
            throw NumpyError.corruptMember(path: path, member: member, reason: reason)
        }
        return output
    }
}

/// Bounds-checked little-endian reads from a buffer.
struct ByteReader {
    let raw: UnsafeRawBufferPointer
    let path: String

    func bytes(_ at: Int, _ count: Int) throws -> UnsafeRawBufferPointer {
        guard at >= 0, count >= 0, at <= raw.count - count else {
            throw NumpyError.malformedArchive(
                path: path, reason: "record runs past the end of the file")
        }
        return UnsafeRawBufferPointer(rebasing: raw[at ..< at + count])
    }

    func u16(_ at: Int) throws -> Int { try little(at, 2) }
    func u32(_ at: Int) throws -> Int { try little(at, 4) }
    func u64(_ at: Int) throws -> Int { try little(at, 8) }

    private func little(_ at: Int, _ count: Int) throws -> Int {
        let slice = try bytes(at, count)
        var value: UInt64 = 0
        for i in 0 ..< count { value |= UInt64(slice[i]) << (8 * UInt64(i)) }
        guard value <= UInt64(Int.max) else {
            throw NumpyError.malformedArchive(path: path, reason: "value out of range")
        }
        return Int(value)
    }
}
