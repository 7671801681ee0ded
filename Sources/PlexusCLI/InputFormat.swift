import ArgumentParser
import Foundation

/// A data file's format, from `--format` or from the file's first bytes.
enum InputFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, npz, npy, idx

    /// The format of a file whose first bytes are `prefix` (up to 4 KB), or nil for binary
    /// data of no format here. Gzip counts as CSV: the CSV reader undoes it, whatever the name.
    static func detect(prefix: [UInt8]) -> InputFormat? {
        if prefix.starts(with: [0x1F, 0x8B]) { return .csv }
        if prefix.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) { return .npy }  // \x93NUMPY
        if prefix.starts(with: [0x50, 0x4B, 0x03, 0x04]) || prefix.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .npz }
        // IDX: two zero bytes, a type code (unsigned byte ... double), a rank of 1 to 4.
        if prefix.count >= 4, prefix[0] == 0, prefix[1] == 0, [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E].contains(prefix[2]),
            (1...4).contains(prefix[3])
        {
            return .idx
        }
        // CSV is text: a zero byte near the start means binary data (/dev/zero, /dev/urandom).
        return prefix.contains(0) ? nil : .csv
    }

    /// The format of the regular file at `path`, from its first bytes.
    // LEAD: swap for the library's `DataFormat.detect(path:)` when the readers branch lands.
    static func detect(path: String) throws -> InputFormat? {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError("\(quoted(path)) exists but cannot be read (\(String(cString: strerror(errno))))")
        }
        defer { try? handle.close() }
        do {
            return detect(prefix: Array(try handle.read(upToCount: 4096) ?? Data()))
        } catch {
            throw InputError("\(quoted(path)): cannot read the file (\(describe(error)))")
        }
    }
}
