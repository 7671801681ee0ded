/// An n-dimensional array of `Float` values, stored in row-major order.
///
/// `Tensor` is a value type: assigning it or passing it around shares one buffer, and the
/// first write to a shared buffer copies it (copy-on-write), so a tensor never changes
/// behind your back.
///
/// ```swift
/// let x = Tensor([[1, 2, 3], [4, 5, 6]])      // shape [2, 3]
/// let y = x * 2 + Tensor([10, 20, 30])         // broadcasting along the rows
/// print(y.sum(alongAxis: 0))                   // [32.0, 54.0, 78.0]
/// ```
///
/// Operations whose shapes do not fit stop the program with a message that names the shapes,
/// as indexing an array out of range does. Entry points that take user data (loaders, `fit`,
/// `predict`) check their inputs first and throw instead.
public struct Tensor: Sendable {
    /// The size of each dimension, outermost first. A scalar has the shape `[]`.
    public private(set) var shape: [Int]
    @usableFromInline var storage: TensorStorage
    /// The recorded operation that produced this value, when it takes part in a computation
    /// being differentiated (see Autodiff); nil for plain values. Package-visible for the
    /// benchmarks' per-layer timing.
    package var node: GraphNode?

    /// Wraps an existing buffer; `storage.count` must equal the product of `shape`.
    @usableFromInline init(shape: [Int], storage: TensorStorage) {
        self.shape = shape
        self.storage = storage
    }

    /// A tensor of the given shape whose values are undefined until written.
    @usableFromInline init(uninitializedShape shape: [Int]) {
        Tensor.checkShape(shape)
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: shape.elementCount))
    }

    /// A tensor with the given shape and values in row-major order.
    ///
    /// - Precondition: `scalars.count` equals the product of `shape`.
    public init(shape: [Int], scalars: [Float]) {
        Tensor.checkShape(shape)
        require(
            scalars.count == shape.elementCount,
            "shape \(shape) needs \(shape.elementCount) values, got \(scalars.count)")
        self.init(uninitializedShape: shape)
        scalars.withUnsafeBufferPointer { source in
            if let base = source.baseAddress { storage.base.update(from: base, count: source.count) }
        }
    }

    /// A tensor with the given shape, every element equal to `value`.
    public init(shape: [Int], repeating value: Float) {
        Tensor.checkShape(shape)
        self.init(shape: shape, storage: TensorStorage(repeating: value, count: shape.elementCount))
    }

    /// A scalar (rank-0) tensor.
    public init(_ value: Float) {
        self.init(shape: [], repeating: value)
    }

    /// A vector (rank-1 tensor) of the given values.
    public init(_ scalars: [Float]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    /// A matrix (rank-2 tensor) from its rows, which must all have the same length.
    public init(_ rows: [[Float]]) {
        let width = rows.first?.count ?? 0
        for (index, row) in rows.enumerated() {
            require(
                row.count == width,
                "row \(index) has \(row.count) values but row 0 has \(width): a matrix needs rows of one length")
        }
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// The number of dimensions.
    @inlinable public var rank: Int { shape.count }

    /// The number of elements (the product of the shape; 1 for a scalar).
    @inlinable public var count: Int { storage.count }

    /// The elements in row-major order.
    public var scalars: [Float] {
        Array(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// The value of a tensor that holds exactly one element.
    public var scalar: Float {
        require(count == 1, "a tensor of shape \(shape) has \(count) elements, not one scalar")
        return storage.base[0]
    }

    /// The element at the given position, one index per dimension.
    public subscript(_ indices: Int...) -> Float {
        get { storage.base[offset(of: indices)] }
        set {
            let position = offset(of: indices)
            ensureUniqueStorage()
            storage.base[position] = newValue
        }
    }

    /// The row-major position of an element, with each index checked against its dimension.
    func offset(of indices: [Int]) -> Int {
        require(
            indices.count == rank,
            "\(indices.count) indices \(indices) given for a tensor of rank \(rank), shape \(shape)")
        var position = 0
        for (axis, index) in indices.enumerated() {
            require(
                index >= 0 && index < shape[axis],
                "index \(index) out of range for axis \(axis) of shape \(shape)")
            position = position * shape[axis] + index
        }
        return position
    }

    /// Copies the buffer if another tensor shares it, so that a write changes only this value.
    @inlinable mutating func ensureUniqueStorage() {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    /// Calls `body` with the elements, read-only.
    @inlinable public func withUnsafeBufferPointer<R>(
        _ body: (UnsafeBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: count))
    }

    /// Calls `body` with the elements, writable (copying a shared buffer first).
    @inlinable public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        ensureUniqueStorage()
        return try body(UnsafeMutableBufferPointer(start: storage.base, count: count))
    }

    static func checkShape(_ shape: [Int]) {
        require(shape.allSatisfy { $0 >= 0 }, "a shape cannot have a negative dimension: \(shape)")
    }
}

extension Array where Element == Int {
    /// The number of elements of a tensor of this shape.
    @inlinable package var elementCount: Int { reduce(1, *) }
}
