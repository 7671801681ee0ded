import Plexus

/// Measures matrix-multiply speed per backend, side by side.
///
/// The machine may be shared and noisy, so each backend is timed in alternating rounds
/// within one run (a burst of load hits all of them alike) and the median round is reported.
public enum MatmulBenchmark {
    /// A product shape: (m x k) · (k x n), with either operand optionally transposed in memory.
    public struct Shape: Sendable, Hashable, CustomStringConvertible {
        /// The rows of the product (and of the left operand).
        public var m: Int
        /// The columns of the product (and of the right operand).
        public var n: Int
        /// The inner dimension, summed over.
        public var k: Int
        /// Whether the left operand is stored transposed, `[k, m]`.
        public var transposeA: Bool
        /// Whether the right operand is stored transposed, `[n, k]`.
        public var transposeB: Bool
        /// Where the shape comes from, for example "course forward".
        public var label: String

        /// A product shape of `[m, k] · [k, n]`, with either operand optionally stored transposed.
        public init(m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false, label: String = "") {
            self.m = m
            self.n = n
            self.k = k
            self.transposeA = transposeA
            self.transposeB = transposeB
            self.label = label
        }

        /// The shape as `MxK · KxN`, with ᵀ marking a transposed operand.
        public var description: String {
            "\(m)x\(k)\(transposeA ? "ᵀ" : "") · \(k)x\(n)\(transposeB ? "ᵀ" : "")"
        }

        /// Floating-point operations of one product (a multiply and an add per term).
        public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// One measured configuration.
    public struct Measurement: Sendable {
        /// The backend that ran the products.
        public var backend: MatmulBackend
        /// The threads the products could use.
        public var threads: Int
        /// The product measured.
        public var shape: Shape
        /// Median time of one product, in microseconds.
        public var microseconds: Double
        /// Operations per second at the median time, in billions.
        public var gflops: Double { shape.flops / (microseconds * 1e3) }
    }

    /// Squares of the issue's sizes, then the course network's forward product
    /// (32x784 · 784x25) and its two backward products.
    public static let standardShapes: [Shape] =
        [64, 256, 512, 1024, 2048].map { Shape(m: $0, n: $0, k: $0, label: "square") } + [
            Shape(m: 32, n: 25, k: 784, label: "course forward"),
            Shape(m: 784, n: 25, k: 32, transposeA: true, label: "course weight gradient"),
            Shape(m: 32, n: 784, k: 25, transposeB: true, label: "course input gradient"),
        ]

    /// Times every shape on every backend at each thread count, in `rounds` alternating
    /// rounds of about `roundSeconds` each, and calls `report` as each configuration finishes.
    public static func run(
        shapes: [Shape] = standardShapes, backends: [MatmulBackend] = MatmulBackend.available,
        threadCounts: [Int] = [1, MatmulBackend.defaultThreadCount], rounds: Int = 5,
        roundSeconds: Double = 0.05, report: (Measurement) -> Void
    ) {
        let clock = ContinuousClock()
        for shape in shapes {
            let a = operand(shape.transposeA ? [shape.k, shape.m] : [shape.m, shape.k])
            let b = operand(shape.transposeB ? [shape.n, shape.k] : [shape.k, shape.n])
            for threads in Array(Set(threadCounts)).sorted() {
                // Warm up each backend and learn how many products fill a round.
                var repetitions: [MatmulBackend: Int] = [:]
                for backend in backends {
                    let once = clock.measure { multiply(backend, a, b, shape, threads) }
                    let seconds = max(once.seconds, 1e-7)
                    repetitions[backend] = max(1, Int(roundSeconds / seconds))
                }
                var samples: [MatmulBackend: [Double]] = [:]
                for _ in 0..<rounds {
                    for backend in backends {
                        let count = repetitions[backend]!
                        let elapsed = clock.measure {
                            for _ in 0..<count { multiply(backend, a, b, shape, threads) }
                        }
                        samples[backend, default: []].append(elapsed.seconds * 1e6 / Double(count))
                    }
                }
                for backend in backends {
                    report(Measurement(backend: backend, threads: threads, shape: shape, microseconds: median(samples[backend]!)))
                }
            }
        }
    }

    /// Values in [-0.5, 0.5): their size does not affect the speed, only that they are finite.
    private static func operand(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.elementCount).map { Float(($0 &* 7919) % 1000) / 1000 - 0.5 })
    }

    @inline(never)
    private static func multiply(_ backend: MatmulBackend, _ a: Tensor, _ b: Tensor, _ shape: Shape, _ threads: Int) {
        let c = backend.matmul(a, b, transposeA: shape.transposeA, transposeB: shape.transposeB, threads: threads)
        precondition(c.count == shape.m * shape.n)
    }
}

extension Duration {
    /// This duration in seconds, as a Double.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

/// The middle value of `values` (the upper middle of an even count); 0 for none.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
