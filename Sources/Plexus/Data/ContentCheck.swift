/// What a reader knows of its format's first bytes, checked as soon as they arrive, so that
/// `/dev/zero` given as a CSV file, or an NPY header asking for 4 EB, is an error after the
/// first chunk rather than after reading up to the limit.
struct ContentCheck {
    /// How many first bytes `inspect` is given (the check runs only on inputs longer than
    /// this: a shorter input is read whole and its parser says what is wrong).
    var prefixLength = 64 << 10
    /// Throws when `prefix` cannot begin this format; returns the input's total size when the
    /// header in it states one (then reading stops a little past that size).
    var inspect: (_ prefix: [UInt8]) throws -> Int?

    /// Text: no NUL bytes (which no text file holds, and which `/dev/zero`, random bytes and
    /// every binary format have early on). Other bytes are left to the parser: a Latin-1
    /// file is still text.
    static func text(name: String, format: String = "CSV") -> ContentCheck {
        ContentCheck { prefix in
            try requireText(prefix, name: name, format: format)
            return nil
        }
    }

    /// Throws when `bytes` hold a NUL: binary data (or UTF-16), not text.
    static func requireText(_ bytes: some Collection<UInt8>, name: String, format: String) throws {
        guard let nul = bytes.firstIndex(of: 0) else { return }
        let prefix = Array(bytes.prefix(64))
        if prefix.starts(with: [0xFF, 0xFE]) || prefix.starts(with: [0xFE, 0xFF]) {
            throw DataError(.malformed, file: name, "\(name): UTF-16 text; save it as UTF-8 to read it as \(format)")
        }
        let detected = DataFormat.detect(prefix: prefix)
        let guess = detected == .csv ? "" : " (it looks like \(detected.description))"
        throw DataError(
            .malformed, file: name,
            "\(name): binary data, not \(format) text: byte \(bytes.distance(from: bytes.startIndex, to: nul) + 1) is a NUL\(guess)")
    }
}

/// Gathers an input's content from the pieces a file or an inflater delivers: checks the
/// first bytes as soon as there are enough, and stops at the read limit or a little past
/// the size the header states.
struct ContentCollector {
    private(set) var bytes: [UInt8] = []
    let name: String
    let limit: Int
    private var check: ContentCheck?
    private var bound: Int
    private var stated: Int?

    /// Bytes tolerated past the size a header states, so that small trailing data still get
    /// the parser's exact message.
    private static let slack = 64 << 10

    init(name: String, limit: Int, check: ContentCheck?) {
        self.name = name
        self.limit = limit
        self.check = check
        self.bound = limit
    }

    mutating func reserve(_ count: Int) {
        bytes.reserveCapacity(min(count, bound))
    }

    mutating func append(_ piece: UnsafeRawBufferPointer) throws {
        guard piece.count <= bound - bytes.count else { throw overflow() }
        bytes.append(contentsOf: piece)
        if let pending = check, bytes.count > pending.prefixLength {
            check = nil
            if let total = try pending.inspect(Array(bytes[0..<pending.prefixLength])) {
                guard total <= limit else {
                    throw ReadLimits.exceeded(name, limit: limit, what: "its header describes \(total) bytes, more than")
                }
                stated = total
                let (padded, wraps) = total.addingReportingOverflow(ContentCollector.slack)
                bound = min(limit, wraps ? Int.max : padded)
                guard bytes.count <= bound else { throw overflow() }
            }
        }
    }

    private func overflow() -> DataError {
        if let stated, bound < limit {
            return DataError(
                .malformed, file: name,
                "\(name): the data go on past the \(stated) bytes its header describes (the header is wrong, or something follows the values)"
            )
        }
        return ReadLimits.exceeded(name, limit: limit)
    }
}
