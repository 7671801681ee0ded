import Foundation
import Testing
@testable import Plexus

/// The readers never trust a size written in a file, and never read past the read limit:
/// each lie or endless input below is an error of the right kind, found quickly.
@Suite struct BoundedReadingTests {
    /// A CSV header, then "1,2\n" repeated by back-references: a small gzip bomb of valid CSV.
    static func csvBomb(runs: Int) -> (gzip: [UInt8], content: [UInt8]) {
        let prefix = Array("a,b\n1,2\n".utf8)
        let deflated = HostileInputs.deflate(prefix: prefix, runs: runs, distance: 4)
        let content = HostileInputs.inflated(prefix: prefix, runs: runs, distance: 4)
        let gzip = HostileInputs.gzip(deflated: deflated, crc: Gzip.crc32(content), size: UInt32(truncatingIfNeeded: content.count))
        return (gzip, content)
    }

    @Test func theBombBuilderMakesRealDeflate() throws {
        let (gzip, content) = Self.csvBomb(runs: 100)
        #expect(try Gzip.decompress(gzip, name: "bomb") == content)
        #expect(gzip.count < 250 && content.count == 8 + 25_800)
    }

    @Test func gzipTrailerClaimingFourGigabytesIsNotBelieved() throws {
        let content = Array("a,b\n1,2\n3,4\n".utf8)
        var bytes = HostileInputs.gzip(content)
        bytes.replaceSubrange((bytes.count - 4)..., with: [0xFF, 0xFF, 0xFF, 0xFF])
        let error = DataTesting.error { try CSV.load(DataTesting.write(bytes, named: "liar.csv.gz")) }
        #expect(error?.kind == .malformed)
        #expect(error?.description.contains("liar.csv.gz: corrupt gzip data (incorrect length check)") == true)
    }

    @Test func gzipBombStopsAtTheReadLimit() throws {
        let (gzip, _) = Self.csvBomb(runs: 40_000)  // ~65 KB that inflate to ~10 MB
        let path = DataTesting.write(gzip, named: "bomb.csv.gz")
        let error = ReadLimits.withMaximumInputBytes(1 << 20) { DataTesting.error { try CSV.load(path) } }
        #expect(error?.kind == .tooLarge)
        #expect(
            error?.description.hasPrefix("\(path): holds more than 1048576 bytes (1.0 MiB), the limit on bytes read from one input") == true
        )
        #expect(error?.description.contains("PLEXUS_MAX_INPUT_BYTES=2G") == true)
        // In memory too.
        let inMemory = ReadLimits.withMaximumInputBytes(1 << 20) { DataTesting.error { try Gzip.decompress(gzip, name: "bomb") } }
        #expect(inMemory?.kind == .tooLarge)
        // Under a limit it fits, the same file reads.
        let data = try ReadLimits.withMaximumInputBytes(32 << 20) { try CSV.load(path) }
        #expect(data.count > 2_000_000)
    }

    @Test func theLimitIsScopedAndSettable() {
        let outside = ReadLimits.maximumInputBytes
        ReadLimits.withMaximumInputBytes(1234) {
            #expect(ReadLimits.maximumInputBytes == 1234)
            ReadLimits.withMaximumInputBytes(0) { #expect(ReadLimits.maximumInputBytes == 1) }
        }
        #expect(ReadLimits.maximumInputBytes == outside)
        #expect(ReadLimits.defaultMaximumInputBytes >= 64 << 20 && ReadLimits.defaultMaximumInputBytes <= 512 << 20)
    }

    @Test func sizesAreParsedWithSuffixes() {
        #expect(ReadLimits.parseSize("1048576") == 1 << 20)
        #expect(ReadLimits.parseSize("512M") == 512 << 20)
        #expect(ReadLimits.parseSize("4G") == 4 << 30)
        #expect(ReadLimits.parseSize(" 64k ") == 64 << 10)
        #expect(ReadLimits.parseSize("2GiB") == 2 << 30)
        #expect(ReadLimits.parseSize("3MB") == 3 << 20)
        #expect(ReadLimits.parseSize("1T") == 1 << 40)
        for bad in ["", "G", "-1", "1.5G", "lots", "99999999999999999999", "9999999999T", "4 G"] {
            #expect(ReadLimits.parseSize(bad) == nil, "\(bad)")
        }
    }

    @Test func aRegularFileOverTheLimitIsRefusedBeforeReading() {
        let path = DataTesting.write(Array(repeating: UInt8(ascii: "1"), count: 5000), named: "big.csv")
        let error = ReadLimits.withMaximumInputBytes(4096) { DataTesting.error { try CSV.load(path) } }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.hasPrefix("\(path): is 5000 bytes, more than 4096 bytes (4.0 KiB), the limit") == true)
    }

    @Test func zipEntryClaimingFourGigabytes() {
        let deflated = HostileInputs.deflate(prefix: [0], runs: 10)
        let bytes = HostileInputs.zip(member: "x.npy", data: deflated, method: 8, crc: 0, uncompressedSize: 0xFFFF_FFF0)
        let error = DataTesting.error { try NPZ.load(DataTesting.write(bytes, named: "liar.npz")) }
        #expect(error?.kind == .malformed)
        #expect(
            error?.description.contains(
                "liar.npz, member \"x.npy\": claims 4294967280 bytes uncompressed from 19 compressed, more than deflate can make") == true)
    }

    @Test func zipEntryThatInflatesToMoreThanItClaims() {
        // 20 runs of 258 zeros (5161 bytes) in a member that says 100: stops at 100.
        let deflated = HostileInputs.deflate(prefix: [0], runs: 20)
        let bytes = HostileInputs.zip(member: "x.npy", data: deflated, method: 8, crc: 0, uncompressedSize: 100)
        let message = DataTesting.message { try NPZ.load(DataTesting.write(bytes, named: "more.npz")) }
        #expect(message.contains("more.npz, member \"x.npy\": deflate data inflates to more than the 100 bytes recorded"))
        let stored = HostileInputs.zip(member: "x.npy", data: [1, 2, 3], method: 0, crc: 0, uncompressedSize: 3_000_000)
        #expect(
            DataTesting.message { try NPZ.load(DataTesting.write(stored, named: "stored.npz")) }
                .contains("stored.npz, member \"x.npy\": a stored member's sizes differ (3 stored, 3000000 claimed)"))
    }

    @Test func zipMembersAddingUpPastTheLimit() {
        let deflated = HostileInputs.deflate(prefix: [0], runs: 100)  // 25,801 bytes from ~170
        let bytes = HostileInputs.zip(member: "x.npy", data: deflated, method: 8, crc: 0, uncompressedSize: 25_801)
        let error = ReadLimits.withMaximumInputBytes(10_000) {
            DataTesting.error { try NPZ.load(DataTesting.write(bytes, named: "sum.npz")) }
        }
        #expect(error?.kind == .tooLarge)
        #expect(error?.description.contains("sum.npz: its members add up to 25801 bytes or more uncompressed") == true)
    }

    @Test func npyShapesThatNoFileCanBack() {
        let huge = HostileInputs.npyHeader(shape: "(1000000000, 1000000000)") + [1, 2, 3, 4]
        let error = DataTesting.error { try NPY.load(DataTesting.write(huge, named: "huge.npy")) }
        #expect(error?.kind == .malformed)
        #expect(
            error?.description.contains(
                "huge.npy: header says shape (1000000000, 1000000000) of '<f4' = 4000000000000000000 bytes, file has 4 bytes of data (truncated?)"
            ) == true)
        let overflow = HostileInputs.npyHeader(shape: "(4611686018427387904, 4)")
        #expect(
            DataTesting.message { try NPY.parse(overflow, name: "o.npy") }.contains(
                "o.npy: header says shape (4611686018427387904, 4) of '<f4', more bytes than any file can hold"))
        let tooBig = HostileInputs.npyHeader(shape: "(99999999999999999999,)")
        #expect(DataTesting.message { try NPY.parse(tooBig, name: "t.npy") }.contains("a dimension is too large"))
        let negative = HostileInputs.npyHeader(shape: "(-3,)")
        #expect(DataTesting.message { try NPY.parse(negative, name: "n.npy") }.contains("expected a non-negative integer"))
        let rank = HostileInputs.npyHeader(shape: "(" + String(repeating: "1, ", count: 70) + ")")
        #expect(
            DataTesting.message { try NPY.parse(rank, name: "r.npy") }.contains("r.npy: the header gives 70 dimensions, more than the 64"))
        // Streamed, a header asking for more than the limit is refused before the data are read.
        let streamed = ReadLimits.withMaximumInputBytes(1 << 20) {
            HostileInputs.withPipe(huge + Array(repeating: 0, count: 200_000)) { path in DataTesting.error { try NPY.load(path) } }
        }
        #expect(streamed?.kind == .tooLarge)
        #expect(streamed?.description.contains("its header describes 4000000000000000128 bytes, more than 1048576 bytes") == true)
    }

    @Test func longHeaderTextIsCutInMessages() {
        let bytes = HostileInputs.npyHeader(descr: String(repeating: "x", count: 5000), shape: "(1,)") + [0, 0, 0, 0]
        let message = DataTesting.message { try NPY.parse(bytes, name: "long.npy") }
        #expect(message.contains("long.npy: dtype 'xxxx"))
        #expect(message.contains("…"))
        #expect(message.count < 400)
    }

    @Test func idxDimensionsThatOverflow() {
        let overflow: [UInt8] = [0, 0, 0x0E, 4] + [UInt32](repeating: 0xFFFF_FFFF, count: 4).flatMap(HostileInputs.be32)
        let error = DataTesting.error { try IDX.load(DataTesting.write(overflow, named: "o.idx")) }
        #expect(error?.kind == .malformed)
        #expect(
            error?.description.contains(
                "o.idx: header says 4294967295x4294967295x4294967295x4294967295 values, more bytes than any file can hold") == true)
        let big: [UInt8] = [0, 0, 0x08, 2] + HostileInputs.be32(0x7FFF_FFFF) + HostileInputs.be32(0x7FFF_FFFF) + [1, 2]
        #expect(
            DataTesting.message { try IDX.load(DataTesting.write(big, named: "big.idx")) }
                .contains("big.idx: header says 2147483647x2147483647 = 4611686014132420609 bytes, file has 2 bytes of data"))
    }

    @Test func endlessDevicesStopAtTheLimitOrAtTheFirstBytes() throws {
        guard FileManager.default.fileExists(atPath: "/dev/zero") else { return }
        ReadLimits.withMaximumInputBytes(4 << 20) {
            let csv = DataTesting.error { try CSV.load("/dev/zero") }
            #expect(csv?.kind == .malformed)
            #expect(csv?.description == "/dev/zero: binary data, not CSV text: byte 1 is a NUL")
            let random = DataTesting.error { try CSV.load("/dev/urandom") }
            #expect(random?.description.contains("/dev/urandom: binary data, not CSV text") == true)
            #expect(DataTesting.message { try NPY.load("/dev/zero") }.contains("/dev/zero: not a .npy file"))
            #expect(
                DataTesting.message { try IDX.load("/dev/zero") }.contains("/dev/zero: not an IDX file, or an unknown IDX type code 0x00"))
            #expect(DataTesting.message { try NPZ.load("/dev/zero") }.contains("/dev/zero: not an .npz file"))
            #expect(DataTesting.message { try FeatureTable.load("/dev/zero") }.contains("/dev/zero: binary data, not CSV text"))
        }
        // Without a format to refuse it early, an endless source stops at the limit.
        let raw = ReadLimits.withMaximumInputBytes(4 << 20) { DataTesting.error { try FileBytes.read("/dev/zero") } }
        #expect(raw?.kind == .tooLarge)
        #expect(raw?.description.hasPrefix("/dev/zero: holds more than 4194304 bytes (4.0 MiB)") == true)
    }

    @Test func truncatedInputsOfEveryFormatAreErrors() throws {
        let csv = Array("a,b\n1,2\n3,4\n".utf8)
        let inputs: [(String, [UInt8], (String) throws -> Any)] = [
            ("t.csv.gz", HostileInputs.gzip(csv), { try CSV.load($0) }),
            ("t.npy", NPY.encode(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])), { try NPY.load($0) }),
            ("t.npz", ImportWeightsTests.npz([("x", Tensor([1, 2, 3])), ("y", Tensor([0, 1, 0]))]), { try NPZ.load($0) }),
            ("t.idx", IDXTests.idx(type: 0x0C, shape: [2, 2], payload: Array(repeating: 7, count: 16)), { try IDX.load($0) }),
        ]
        for (name, bytes, load) in inputs {
            _ = try load(DataTesting.write(bytes, named: name))  // whole, it reads
            for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 40)) {
                let path = DataTesting.write(Array(bytes[0..<cut]), named: name)
                #expect(DataTesting.error { try load(path) } != nil, "\(name) cut at \(cut)")
            }
        }
    }

    @Test func folderMessagesSayWhatThePathIs() throws {
        let file = DataTesting.write("x", named: "not-a-folder")
        let message = DataTesting.message { try Datasets.idxFolder(file) }
        #expect(message == "\(file): is a file, not a folder")
        #expect(DataTesting.message { try Datasets.idxFolder("/nonexistent/mnist") } == "/nonexistent/mnist: no such folder")
        #expect(
            DataTesting.message { try Datasets.idxFolder(file + "/inside") }.contains("no such folder (a part of the path is not a folder)")
        )
        if FileManager.default.fileExists(atPath: "/proc/cpuinfo") {
            #expect(DataTesting.message { try Datasets.idxFolder("/proc/cpuinfo") } == "/proc/cpuinfo: is a file, not a folder")
            let fashion = DataTesting.message { try Datasets.fashionMNIST(directory: "/proc/cpuinfo") }
            #expect(fashion.hasPrefix("/proc/cpuinfo (the folder given): is a file, not a folder"))
        }
        if FileManager.default.fileExists(atPath: "/dev/null") {
            #expect(DataTesting.message { try Datasets.idxFolder("/dev/null") } == "/dev/null: is a device, not a folder")
        }
    }

    @Test func filesUnderProcAreReadThoughTheySayZeroBytes() throws {
        guard FileManager.default.fileExists(atPath: "/proc/self/status") else { return }
        let bytes = try FileBytes.read("/proc/self/status")
        #expect(bytes.count > 10)
    }
}
