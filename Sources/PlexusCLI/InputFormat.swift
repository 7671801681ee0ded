import ArgumentParser
import Foundation
import Plexus

/// A data file's format, from `--format` or from the file's first bytes.
enum InputFormat: String, CaseIterable, ExpressibleByArgument {
    case csv, npz, npy, idx

    /// The format of a file whose first bytes are `prefix` (up to 4 KB), as the library's
    /// ``DataFormat`` tells it, or nil for binary data of no format here (a NUL byte in what
    /// would be text: /dev/zero, /dev/urandom). Gzipped CSV stays CSV: its reader undoes it.
    static func detect(prefix: [UInt8]) -> InputFormat? {
        switch DataFormat.detect(prefix: prefix) {
        case .npy: return .npy
        case .npz: return .npz
        case .idx: return .idx
        case .safetensors: return nil
        case .csv: return Gzip.isGzip(prefix) || !prefix.contains(0) ? .csv : nil
        }
    }

    /// The format of the regular file at `path`, from its first bytes.
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
