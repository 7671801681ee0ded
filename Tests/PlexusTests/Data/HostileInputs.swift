import Foundation
@testable import Plexus

/// Building lying and explosive inputs byte by byte, and feeding readers through pipes.
enum HostileInputs {
    /// A raw deflate stream (one block with the fixed Huffman codes) of `prefix` as literals
    /// followed by `runs` copies of 258 bytes at distance `distance` (1...4): about 13 bits
    /// make 258 bytes, so a few KB inflate to megabytes.
    static func deflate(prefix: [UInt8], runs: Int, distance: Int = 1) -> [UInt8] {
        precondition(prefix.allSatisfy { $0 < 144 } && (1...4).contains(distance) && prefix.count >= distance)
        var writer = BitWriter()
        writer.bits(1, count: 1)  // the last block
        writer.bits(1, count: 2)  // fixed Huffman codes
        for byte in prefix { writer.code(0x30 + Int(byte), length: 8) }
        for _ in 0..<runs {
            writer.code(0xC0 + (285 - 280), length: 8)  // length 258
            writer.code(distance - 1, length: 5)  // distances 1-4 have codes 0-3, no extra bits
        }
        writer.code(0, length: 7)  // end of block
        return writer.bytes
    }

    /// What `deflate(prefix:runs:distance:)` inflates to.
    static func inflated(prefix: [UInt8], runs: Int, distance: Int = 1) -> [UInt8] {
        var output = prefix
        for _ in 0..<(runs * 258) { output.append(output[output.count - distance]) }
        return output
    }

    /// gzip around a raw deflate stream, with the trailer's CRC and size given (they may lie).
    static func gzip(deflated: [UInt8], crc: UInt32, size: UInt32) -> [UInt8] {
        [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 0xFF] + deflated + le32(crc) + le32(size)
    }

    /// gzip of `content`, honest, in one stored block per 65,535 bytes.
    static func gzip(_ content: [UInt8]) -> [UInt8] {
        var deflated: [UInt8] = []
        var start = 0
        repeat {
            let end = min(start + 65_535, content.count)
            let length = end - start
            deflated.append(end == content.count ? 1 : 0)
            deflated += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            deflated += content[start..<end]
            start = end
        } while start < content.count
        return gzip(deflated: deflated, crc: Gzip.crc32(content), size: UInt32(truncatingIfNeeded: content.count))
    }

    /// A zip archive of one member with the given (possibly lying) sizes.
    static func zip(member: String, data: [UInt8], method: UInt16, crc: UInt32, uncompressedSize: UInt32) -> [UInt8] {
        let name = Array(member.utf8)
        var local: [UInt8] = le32(0x0403_4B50) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0)
        local += le32(crc) + le32(UInt32(data.count)) + le32(uncompressedSize) + le16(UInt16(name.count)) + le16(0) + name
        let body = local + data
        var directory: [UInt8] = le32(0x0201_4B50) + le16(20) + le16(20) + le16(0) + le16(method) + le16(0) + le16(0)
        directory += le32(crc) + le32(UInt32(data.count)) + le32(uncompressedSize) + le16(UInt16(name.count))
        directory += le16(0) + le16(0) + le16(0) + le16(0) + le32(0) + le32(0) + name
        let end: [UInt8] =
            le32(0x0605_4B50) + le16(0) + le16(0) + le16(1) + le16(1)
            + le32(UInt32(directory.count)) + le32(UInt32(body.count)) + le16(0)
        return body + directory + end
    }

    /// A version 1.0 `.npy` preamble and header for `descr` and `shape` (written as given).
    static func npyHeader(descr: String = "<f4", shape: String) -> [UInt8] {
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shape), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        return [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0] + le16(UInt16(header.utf8.count)) + Array(header.utf8)
    }

    static func le16(_ value: UInt16) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8)] }
    static func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8((value >> (8 * UInt32($0))) & 0xFF) } }
    static func le64(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8((value >> (8 * UInt64($0))) & 0xFF) } }
    static func be32(_ value: UInt32) -> [UInt8] { le32(value).reversed() }

    /// Runs `body` with a `/dev/fd/N` path whose reads deliver `bytes` from a pipe, as a
    /// shell's `<(command)` does: the name says nothing, and it can be read only once.
    static func withPipe<T>(_ bytes: [UInt8], _ body: (String) throws -> T) rethrows -> T {
        signal(SIGPIPE, SIG_IGN)  // a reader that stops early must not kill the tests
        var ends: [Int32] = [0, 0]
        precondition(pipe(&ends) == 0, "cannot make a pipe")
        let (readEnd, writeEnd) = (ends[0], ends[1])
        let writer = Thread {
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let wrote = write(writeEnd, raw.baseAddress! + done, raw.count - done)
                    if wrote <= 0 { break }  // the reader went away (EPIPE): stop
                    done += wrote
                }
            }
            close(writeEnd)
        }
        writer.start()
        defer { close(readEnd) }
        return try body("/dev/fd/\(readEnd)")
    }

    /// Runs `body` with the path of a FIFO that a writer thread fills with `bytes` once.
    static func withFIFO<T>(_ bytes: [UInt8], _ body: (String) throws -> T) rethrows -> T {
        let path = DataTesting.scratchFolder() + "/input.fifo"
        signal(SIGPIPE, SIG_IGN)
        precondition(mkfifo(path, 0o600) == 0, "cannot make a FIFO")
        let writer = Thread {
            let descriptor = open(path, O_WRONLY)  // waits for the reader
            guard descriptor >= 0 else { return }
            bytes.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let wrote = write(descriptor, raw.baseAddress! + done, raw.count - done)
                    if wrote <= 0 { break }
                    done += wrote
                }
            }
            close(descriptor)
        }
        writer.start()
        return try body(path)
    }
}

/// Bits in deflate's order: values least significant bit first, Huffman codes most
/// significant bit first.
private struct BitWriter {
    var bytes: [UInt8] = []
    private var used = 0

    mutating func bits(_ value: Int, count: Int) {
        for k in 0..<count { push((value >> k) & 1) }
    }

    mutating func code(_ value: Int, length: Int) {
        for k in stride(from: length - 1, through: 0, by: -1) { push((value >> k) & 1) }
    }

    private mutating func push(_ bit: Int) {
        if used == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(bit) << UInt8(used)
        used = (used + 1) % 8
    }
}
