import CZlib

/// zlib's inflate as a stream: compressed bytes go in as they arrive, decompressed bytes come
/// out in pieces of at most 256 KiB, so that what is kept grows with what really arrives and
/// never with a size field the data claim.
final class Inflater {
    enum Format {
        /// gzip (RFC 1952), possibly several members one after the other (`cat a.gz b.gz`);
        /// anything after the last member that does not start another is ignored, as gzip does.
        case gzip
        /// A raw deflate stream (RFC 1951), as in zip members.
        case raw
    }

    let format: Format
    /// How errors refer to the data.
    let name: String
    /// What the data are called in errors ("gzip data", "deflate data").
    let what: String
    /// Whether the stream has ended (later input is ignored).
    private(set) var finished = false

    // zlib keeps a pointer to its z_stream: it must not move, so it lives on the heap.
    private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
    private var output = [UInt8](repeating: 0, count: 256 << 10)
    private var memberEnded = false
    private var consumedTotal = 0

    init(_ format: Format, name: String) throws {
        self.format = format
        self.name = name
        self.what = format == .gzip ? "gzip data" : "deflate data"
        stream.initialize(to: z_stream())
        let windowBits: Int32 = format == .gzip ? 15 + 16 : -15
        guard inflateInit2_(stream, windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            stream.deallocate()
            throw DataError(.ioFailure, file: name, "\(name): zlib could not start decompressing")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
    }

    /// Decompresses `input`, handing every piece of output to `emit` as it is made.
    func feed(_ input: UnsafeRawBufferPointer, emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset = 0
        while offset < input.count, !finished {
            if memberEnded {
                guard format == .gzip, input[offset] == 0x1F else {
                    finished = true
                    return
                }
                guard inflateReset(stream) == Z_OK else { throw corrupt("cannot start the next member") }
                memberEnded = false
            }
            let chunk = min(input.count - offset, Int(UInt32.max >> 1))
            stream.pointee.next_in = UnsafeMutablePointer(
                mutating: input.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = uInt(chunk)
            try inflateAvailable(emit: emit)
            let used = chunk - Int(stream.pointee.avail_in)
            offset += used
            consumedTotal += used
            if used == 0 && !memberEnded {
                throw corrupt("zlib made no progress")
            }
        }
    }

    /// Says that the input has ended: an error when the compressed stream has not.
    func finish() throws {
        guard memberEnded || finished else {
            throw DataError(.malformed, file: name, "\(name): \(what) is truncated (it ends before the end of the compressed stream)")
        }
    }

    /// Runs inflate on the input zlib holds until it needs more or the stream ends.
    private func inflateAvailable(emit: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            let capacity = output.count
            let status: Int32 = output.withUnsafeMutableBufferPointer { buffer in
                stream.pointee.next_out = buffer.baseAddress
                stream.pointee.avail_out = uInt(capacity)
                return CZlib.inflate(stream, Z_NO_FLUSH)
            }
            let produced = capacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                try output.withUnsafeBytes { try emit(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            switch status {
            case Z_STREAM_END:
                memberEnded = true
                if format == .raw { finished = true }
                return
            case Z_OK:
                // More may come out of the same input when the output was full.
                if produced < capacity && stream.pointee.avail_in == 0 { return }
            case Z_BUF_ERROR:
                return  // needs more input
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "error \(status)"
                throw corrupt(detail)
            }
        }
    }

    private func corrupt(_ detail: String) -> DataError {
        DataError(.malformed, file: name, "\(name): corrupt \(what) (\(ErrorText.cut(detail))) near compressed byte \(consumedTotal + 1)")
    }
}
