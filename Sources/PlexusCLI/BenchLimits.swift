/// The ranges `plexus bench` accepts. A count of 0 or less is an error (exit status 2), and
/// so is one large enough to run for hours or to ask for more memory than a benchmark should.
enum BenchLimits {
    static let rounds = 1_000
    static let steps = 100_000
    static let batchSize = 65_536
    static let classes = 100_000
    /// The most bytes the operands and result of one timed product may take (512 MB).
    static let operandBytes = 1 << 29

    /// Throws unless `value` is from 1 to `limit`.
    static func check(_ option: String, _ value: Int, atMost limit: Int) throws {
        guard value >= 1 else { throw InputError("\(option) must be at least 1, got \(value)") }
        guard value <= limit else { throw InputError("\(option) must be at most \(limit), got \(value)") }
    }

    /// Throws unless an `m`x`k` by `k`x`n` product and its result fit in ``operandBytes``.
    static func checkOperands(m: Int, n: Int, k: Int, option: String, text: String) throws {
        func product(_ a: Int, _ b: Int) -> Int? {
            let (value, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? nil : value
        }
        let elements = [product(m, k), product(k, n), product(m, n)]
        let total = elements.reduce(Int?.some(0)) { sum, part in
            guard let sum, let part else { return nil }
            let (value, overflow) = sum.addingReportingOverflow(part)
            return overflow ? nil : value
        }
        guard let total, let bytes = product(total, MemoryLayout<Float>.size), bytes <= operandBytes else {
            throw InputError("\(option) \(quoted(text)): the product's matrices would take more than \(operandBytes >> 20) MB")
        }
    }
}
