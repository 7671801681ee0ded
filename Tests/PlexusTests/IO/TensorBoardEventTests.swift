import Foundation
import Testing
@testable import Plexus

/// Reads a TFRecord file back: each record's data, after checking both masked checksums.
enum TFRecordReader {
    struct Corrupt: Error, CustomStringConvertible {
        let description: String
    }

    static func records(in path: String) throws -> [[UInt8]] {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var records: [[UInt8]] = [], index = 0
        func littleEndian(_ start: Int, _ count: Int) -> UInt64 {
            (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[start + $1]) << (8 * UInt64($1)) }
        }
        while index < bytes.count {
            guard index + 12 <= bytes.count else { throw Corrupt(description: "truncated header at \(index)") }
            let length = Int(littleEndian(index, 8))
            guard UInt32(littleEndian(index + 8, 4)) == CRC32C.masked(bytes[index..<(index + 8)]) else {
                throw Corrupt(description: "bad length checksum at \(index)")
            }
            let start = index + 12
            guard start + length + 4 <= bytes.count else { throw Corrupt(description: "truncated record at \(index)") }
            let data = Array(bytes[start..<(start + length)])
            guard UInt32(littleEndian(start + length, 4)) == CRC32C.masked(data) else {
                throw Corrupt(description: "bad data checksum at \(index)")
            }
            records.append(data)
            index = start + length + 4
        }
        return records
    }
}

@Suite struct TensorBoardEventTests {
    /// RFC 3720's test vectors for CRC-32C (appendix B.4), and "123456789".
    @Test func crc32cMatchesKnownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// Masked values computed with a separate bit-by-bit implementation.
    @Test func maskedChecksumRotatesAndAddsTheConstant() {
        #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.masked([UInt8](repeating: 0, count: 8)) == 0x0798_0329)
    }

    @Test func scalarEventHasTheFieldsTensorBoardReads() throws {
        let event = try ProtobufMessage(TensorBoardEvent.scalar(tag: "epoch_loss", value: 0.25, step: 7, wallTime: 1234.5))
        #expect(event.double(1) == 1234.5)
        #expect(event.int(2) == 7)
        let summary = try #require(try event.messages(5).first)
        let value = try #require(try summary.messages(1).first)
        #expect(value.string(1) == "epoch_loss")
        let metadata = try #require(try value.messages(9).first)
        #expect(try metadata.messages(1).first?.string(1) == "scalars")
        #expect(metadata.int(4) == 1)  // DATA_CLASS_SCALAR
        let tensor = try #require(try value.messages(8).first)
        #expect(tensor.int(1) == 1)  // DT_FLOAT
        #expect(try tensor.messages(2).first?.fields.isEmpty == true)  // rank 0
        #expect(tensor.bytes(4) == [0, 0, 0x80, 0x3E])  // 0.25 as little-endian float32
    }

    @Test func fileVersionEventComesFirst() throws {
        let event = try ProtobufMessage(TensorBoardEvent.fileVersion(wallTime: 2))
        #expect(event.string(3) == "brain.Event:2")
        #expect(event.double(1) == 2)
    }

    @Test func histogramIsABucketTableOfDoubles() throws {
        let buckets = HistogramBucket.buckets(of: [0, 1, 2, 3, .nan], count: 3)
        #expect(buckets.map(\.count) == [1, 1, 2])
        #expect(buckets.first?.left == 0 && buckets.last?.right == 3)
        let event = try ProtobufMessage(TensorBoardEvent.histogram(tag: "d/kernel/histogram", buckets: buckets, step: 1, wallTime: 0))
        let value = try #require(try event.messages(5).first?.messages(1).first)
        #expect(try value.messages(9).first?.messages(1).first?.string(1) == "histograms")
        let tensor = try #require(try value.messages(8).first)
        #expect(tensor.int(1) == 2)  // DT_DOUBLE
        #expect(try tensor.messages(2).first?.messages(2).compactMap { $0.int(1) } == [3, 3])
        #expect(tensor.bytes(4)?.count == 3 * 3 * 8)
        #expect(HistogramBucket.buckets(of: [5, 5]) == [HistogramBucket(left: 4.5, right: 5.5, count: 2)])
        #expect(HistogramBucket.buckets(of: []).isEmpty)
    }

    @Test func eventFileIsFramedAndNamedAsTensorFlowNamesIt() throws {
        let folder = try IOTestSupport.folder() + "/deep/train"
        let writer = try EventFileWriter(folder: folder, wallTime: 1_700_000_000.25)
        try writer.append(TensorBoardEvent.scalar(tag: "epoch_loss", value: 1, step: 0, wallTime: 1))
        let second = try EventFileWriter(folder: folder, wallTime: 1_700_000_000.25)
        writer.closeFile()
        let name = (writer.path as NSString).lastPathComponent
        #expect(name.hasPrefix("events.out.tfevents.1700000000.") && name.hasSuffix(".v2"))
        #expect(writer.path != second.path)
        let records = try TFRecordReader.records(in: writer.path)
        #expect(records.count == 2)
        #expect(try ProtobufMessage(records[0]).string(3) == "brain.Event:2")
        #expect(throws: DataError.self) { try writer.append([1]) }
    }

    @Test func unwritableLogFolderIsAnError() throws {
        let file = try IOTestSupport.folder() + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        #expect(throws: DataError.self) { try EventFileWriter(folder: file + "/train", wallTime: 0) }
    }
}
