import Foundation

/// The header of a safetensors file, checked: every tensor's dtype is known, its shape
/// matches its byte count, and the tensors tile the data area exactly (no gaps, no overlaps,
/// nothing outside it). Nothing is allocated for tensor data until a header has passed.
///
/// The format: 8 bytes, the header's length N as a little-endian UInt64; N bytes of JSON, an
/// object mapping each tensor's name to `{"dtype", "shape", "data_offsets": [begin, end]}`
/// (offsets relative to the data area) plus an optional `"__metadata__"` object of strings;
/// then the data area, each tensor's elements little-endian in row-major order.
package struct SafetensorsHeader: Sendable {
    package struct Entry: Sendable, Equatable {
        package var name: String
        package var dtype: SafetensorsDType
        package var shape: [Int]
        /// Byte range within the data area.
        package var begin: Int
        package var end: Int
    }

    /// The tensors, in the order of their bytes in the data area.
    package var entries: [Entry]
    /// The free-form string map of `__metadata__`.
    package var metadata: [String: String]
    /// The size of the data area the header was checked against.
    package var dataSize: Int

    /// The most dimensions a tensor may have.
    static let maximumRank = 64

    /// The header of a whole safetensors file held in memory (length field, JSON, data),
    /// checked as ``SafetensorsReader`` checks a file; `name` is how errors refer to it.
    /// - Throws: ``ModelFileError`` saying what is wrong.
    package static func parse(_ bytes: [UInt8], name: String) throws -> SafetensorsHeader {
        let length = try headerLength(prefix: Array(bytes.prefix(8)), fileSize: bytes.count, name: name)
        return try SafetensorsHeader(json: bytes[8..<(8 + length)], dataSize: bytes.count - 8 - length, name: name)
    }

    /// The first bytes of a safetensors file read as a stream: the length field must be
    /// plausible and followed by `{`, so that `/dev/zero` or a gzipped file is refused at once.
    static func contentCheck(name: String) -> ContentCheck {
        ContentCheck(prefixLength: 9) { prefix in
            if Gzip.isGzip(prefix) {
                throw ModelFileError(.malformed, file: name, "\(name): gzip data, not a safetensors file; decompress it first (gunzip)")
            }
            _ = try headerLength(prefix: prefix, fileSize: Int.max, name: name)
            guard prefix[8] == UInt8(ascii: "{") else {
                throw ModelFileError(.malformed, file: name, "\(name): not a safetensors file: the header does not start with '{'")
            }
            return nil
        }
    }

    /// The largest header accepted: a bound on what a damaged length field can make us read.
    static let maximumLength = 100_000_000

    /// Checks the 8-byte length field against the file's size; returns the header's length.
    package static func headerLength(prefix: [UInt8], fileSize: Int, name: String) throws -> Int {
        guard fileSize >= 8, prefix.count >= 8 else {
            throw ModelFileError(
                .malformed, file: name,
                "\(name): not a safetensors file: \(fileSize) bytes is shorter than the 8-byte header length")
        }
        var length: UInt64 = 0
        for index in 0..<8 { length |= UInt64(prefix[index]) << (8 * UInt64(index)) }
        guard length <= UInt64(maximumLength) else {
            throw ModelFileError(
                .malformed, file: name,
                "\(name): not a safetensors file: its first 8 bytes give a header of \(length) bytes (more than the \(maximumLength) accepted)"
            )
        }
        let headerLength = Int(length)
        guard headerLength >= 2 else {
            throw ModelFileError(
                .malformed, file: name, "\(name): not a safetensors file: a header of \(headerLength) bytes is too short for JSON")
        }
        guard 8 + headerLength <= fileSize else {
            throw ModelFileError(
                .malformed, file: name,
                "\(name): truncated: the header says \(headerLength) bytes, but only \(fileSize - 8) follow the length field")
        }
        return headerLength
    }

    /// Parses and checks the header JSON, for a data area of `dataSize` bytes.
    package init(json bytes: ArraySlice<UInt8>, dataSize: Int, name: String) throws {
        guard bytes.first == UInt8(ascii: "{") else {
            throw ModelFileError(.malformed, file: name, "\(name): not a safetensors file: the header does not start with '{'")
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ModelFileError(
                .malformed, file: name, "\(name): the safetensors header is not valid: \(SafetensorsHeader.explain(error))")
        } catch {
            throw ModelFileError(.malformed, file: name, "\(name): the safetensors header is not valid JSON")
        }
        var entries: [Entry] = []
        for (tensorName, rawEntry) in raw.tensors {
            entries.append(try SafetensorsHeader.check(rawEntry, named: tensorName, file: name))
        }
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var covered = 0
        for entry in entries {
            if entry.begin < covered {
                let other = entries.first { $0.name != entry.name && $0.begin < entry.end && entry.begin < $0.end }
                throw ModelFileError(
                    .malformed, file: name,
                    "\(name): tensor '\(ErrorText.cut(entry.name))' (bytes \(entry.begin)..<\(entry.end)) overlaps tensor '\(ErrorText.cut(other?.name ?? "?"))'"
                )
            }
            if entry.begin > covered {
                throw ModelFileError(
                    .malformed, file: name,
                    "\(name): bytes \(covered)..<\(entry.begin) of the data area belong to no tensor (before '\(ErrorText.cut(entry.name))')"
                )
            }
            covered = entry.end
        }
        if covered > dataSize {
            let last = entries.last!
            throw ModelFileError(
                .malformed, file: name,
                "\(name): truncated: tensor '\(ErrorText.cut(last.name))' ends at byte \(last.end) of the data area, which has \(dataSize) bytes"
            )
        }
        if covered < dataSize {
            throw ModelFileError(
                .malformed, file: name,
                "\(name): bytes \(covered)..<\(dataSize) of the data area belong to no tensor (trailing data)")
        }
        self.entries = entries
        self.metadata = raw.metadata ?? [:]
        self.dataSize = dataSize
    }

    /// A checked entry: known dtype, non-negative shape, offsets in order, bytes = elements × size.
    private static func check(_ raw: RawEntry, named tensor: String, file: String) throws -> Entry {
        guard let dtype = SafetensorsDType(rawValue: raw.dtype) else {
            throw ModelFileError(
                .unsupported, file: file,
                "\(file): tensor '\(ErrorText.cut(tensor))' has dtype '\(ErrorText.cut(raw.dtype))', which Plexus does not read (it reads \(SafetensorsDType.readableList))"
            )
        }
        guard raw.shape.count <= maximumRank else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): tensor '\(ErrorText.cut(tensor))' has \(raw.shape.count) dimensions, more than the \(maximumRank) a tensor may have"
            )
        }
        guard raw.shape.allSatisfy({ $0 >= 0 }) else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): tensor '\(ErrorText.cut(tensor))' has a negative size in its shape \(ErrorText.cut("\(raw.shape)"))")
        }
        guard raw.dataOffsets.count == 2, raw.dataOffsets[0] >= 0, raw.dataOffsets[0] <= raw.dataOffsets[1] else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): tensor '\(ErrorText.cut(tensor))' has data_offsets \(ErrorText.cut("\(raw.dataOffsets)")); they must be [begin, end] with 0 <= begin <= end"
            )
        }
        var elements = 1, overflow = false
        for dimension in raw.shape {
            let (product, flag) = elements.multipliedReportingOverflow(by: dimension)
            elements = product
            overflow = overflow || flag
        }
        let (bytes, byteOverflow) = elements.multipliedReportingOverflow(by: dtype.size)
        let span = raw.dataOffsets[1] - raw.dataOffsets[0]
        guard !overflow, !byteOverflow, bytes == span else {
            throw ModelFileError(
                .malformed, file: file,
                "\(file): tensor '\(ErrorText.cut(tensor))' of shape \(ErrorText.cut("\(raw.shape)")) and dtype \(dtype.rawValue) needs \(overflow || byteOverflow ? "too many" : String(bytes)) bytes, but its data_offsets span \(span)"
            )
        }
        return Entry(name: tensor, dtype: dtype, shape: raw.shape, begin: raw.dataOffsets[0], end: raw.dataOffsets[1])
    }

    /// Where and why the JSON did not decode, in a line.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the top level" : "'" + ErrorText.cut(keys.joined(separator: ".")) + "'"
        }
        switch error {
        case .typeMismatch(_, let context): return "\(path(context)) has the wrong type (\(ErrorText.cut(context.debugDescription)))"
        case .valueNotFound(_, let context): return "\(path(context)) is missing a value"
        case .keyNotFound(let key, let context): return "\(path(context)) has no '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "it is not valid JSON" : "\(path(context)): \(ErrorText.cut(context.debugDescription))"
        @unknown default: return "it does not decode"
        }
    }
}

/// The header as it is written: tensor entries under their names, and `__metadata__`.
private struct RawHeader: Decodable {
    var tensors: [String: RawEntry] = [:]
    var metadata: [String: String]?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(RawEntry.self, forKey: key)
            }
        }
    }
}

private struct RawEntry: Decodable {
    var dtype: String
    var shape: [Int]
    var dataOffsets: [Int]

    enum CodingKeys: String, CodingKey {
        case dtype, shape
        case dataOffsets = "data_offsets"
    }
}

/// A coding key for any string.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { return nil }
}
