// Elementwise arithmetic with NumPy broadcasting. Between two tensors the result has the
// broadcast shape of both (see `Tensor.broadcastShape(_:_:)`); with a `Float` the scalar
// applies to every element.

extension Tensor {
    /// The elementwise sum, with broadcasting.
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 4]]) + Tensor([10, 20])   // [[11.0, 22.0], [13.0, 24.0]]
    /// ```
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 + $1 }
    }

    /// The elementwise difference, with broadcasting.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 - $1 }
    }

    /// The elementwise product (not the matrix product), with broadcasting.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 * $1 }
    }

    /// The elementwise quotient, with broadcasting. Division by zero follows IEEE 754
    /// (±infinity, or NaN for 0 / 0).
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        broadcasting(lhs, rhs) { $0 / $1 }
    }

    /// Adds `scalar` to every element.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapElements { $0 + rhs } }
    /// Subtracts `scalar` from every element.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapElements { $0 - rhs } }
    /// Multiplies every element by a scalar.
    ///
    /// ```swift
    /// Tensor([1, 2, 3]) * 2                          // [2.0, 4.0, 6.0]
    /// ```
    public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapElements { $0 * rhs } }
    /// Divides every element by a scalar.
    public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs.mapElements { $0 / rhs } }

    /// Adds every element to a scalar.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapElements { lhs + $0 } }
    /// Subtracts every element from a scalar.
    ///
    /// ```swift
    /// 1 - Tensor([0.25, 1])                          // [0.75, 0.0]
    /// ```
    public static func - (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapElements { lhs - $0 } }
    /// Multiplies a scalar by every element.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapElements { lhs * $0 } }
    /// Divides a scalar by every element.
    public static func / (lhs: Float, rhs: Tensor) -> Tensor { rhs.mapElements { lhs / $0 } }

    /// The elementwise negation.
    public static prefix func - (operand: Tensor) -> Tensor { operand.mapElements { -$0 } }

    /// Adds `rhs` to `lhs` in place; `rhs` must broadcast to `lhs`'s shape.
    ///
    /// ```swift
    /// var x = Tensor([[1, 2], [3, 4]])
    /// x += Tensor([1, 1])                            // [[2.0, 3.0], [4.0, 5.0]]
    /// ```
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        lhs.updateBroadcasting(with: rhs, opName: "+=") { $0 + $1 }
    }

    /// Subtracts `rhs` from `lhs` in place; `rhs` must broadcast to `lhs`'s shape.
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        lhs.updateBroadcasting(with: rhs, opName: "-=") { $0 - $1 }
    }

    /// Multiplies `lhs` by `rhs` elementwise in place; `rhs` must broadcast to `lhs`'s shape.
    public static func *= (lhs: inout Tensor, rhs: Tensor) {
        lhs.updateBroadcasting(with: rhs, opName: "*=") { $0 * $1 }
    }

    /// Divides `lhs` by `rhs` elementwise in place; `rhs` must broadcast to `lhs`'s shape.
    public static func /= (lhs: inout Tensor, rhs: Tensor) {
        lhs.updateBroadcasting(with: rhs, opName: "/=") { $0 / $1 }
    }

    /// Adds a scalar to every element in place.
    public static func += (lhs: inout Tensor, rhs: Float) { lhs.updateElements { $0 + rhs } }
    /// Subtracts a scalar from every element in place.
    public static func -= (lhs: inout Tensor, rhs: Float) { lhs.updateElements { $0 - rhs } }
    /// Multiplies every element by a scalar in place.
    public static func *= (lhs: inout Tensor, rhs: Float) { lhs.updateElements { $0 * rhs } }
    /// Divides every element by a scalar in place.
    public static func /= (lhs: inout Tensor, rhs: Float) { lhs.updateElements { $0 / rhs } }
}
