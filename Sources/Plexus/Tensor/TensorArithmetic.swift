// Elementwise arithmetic with NumPy broadcasting. Between two tensors the result has the
// broadcast shape of both (see `Tensor.broadcastShape(_:_:)`); with a `Float` the scalar
// applies to every element.
//
// Each operator computes its value raw; only when an operand is tracked does it record a node,
// whose vector-Jacobian product sits next to the forward code. A gradient of the broadcast
// shape goes back to each operand's own shape by `summed(toShape:)`.

extension Tensor {
    /// The elementwise sum, with broadcasting. Differentiable.
    ///
    /// ```swift
    /// Tensor([[1, 2], [3, 4]]) + Tensor([10, 20])   // [[11.0, 22.0], [13.0, 24.0]]
    /// ```
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        let sum = broadcasting(lhs, rhs) { $0 + $1 }
        guard lhs.isTracked || rhs.isTracked else { return sum }
        let (leftShape, rightShape) = (lhs.shape, rhs.shape)
        let (leftWanted, rightWanted) = (lhs.isTracked, rhs.isTracked)
        return sum.recorded("add", inputs: [lhs, rhs]) { g in
            [leftWanted ? g.summed(toShape: leftShape) : nil, rightWanted ? g.summed(toShape: rightShape) : nil]
        }
    }

    /// The elementwise difference, with broadcasting. Differentiable.
    public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
        let difference = broadcasting(lhs, rhs) { $0 - $1 }
        guard lhs.isTracked || rhs.isTracked else { return difference }
        let (leftShape, rightShape) = (lhs.shape, rhs.shape)
        let (leftWanted, rightWanted) = (lhs.isTracked, rhs.isTracked)
        return difference.recorded("subtract", inputs: [lhs, rhs]) { g in
            [leftWanted ? g.summed(toShape: leftShape) : nil, rightWanted ? (-g).summed(toShape: rightShape) : nil]
        }
    }

    /// The elementwise product (not the matrix product), with broadcasting. Differentiable.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        let product = broadcasting(lhs, rhs) { $0 * $1 }
        guard lhs.isTracked || rhs.isTracked else { return product }
        let l = lhs.detached(), r = rhs.detached()
        let (leftWanted, rightWanted) = (lhs.isTracked, rhs.isTracked)
        return product.recorded("multiply", inputs: [lhs, rhs]) { g in
            [leftWanted ? (g * r).summed(toShape: l.shape) : nil, rightWanted ? (g * l).summed(toShape: r.shape) : nil]
        }
    }

    /// The elementwise quotient, with broadcasting. Division by zero follows IEEE 754
    /// (±infinity, or NaN for 0 / 0). Differentiable: d(a/b) = da / b - q · db / b with q = a / b.
    public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
        let quotient = broadcasting(lhs, rhs) { $0 / $1 }
        guard lhs.isTracked || rhs.isTracked else { return quotient }
        let leftShape = lhs.shape, r = rhs.detached(), q = quotient.detached()
        let (leftWanted, rightWanted) = (lhs.isTracked, rhs.isTracked)
        return quotient.recorded("divide", inputs: [lhs, rhs]) { g in
            let scaled = g / r
            return [
                leftWanted ? scaled.summed(toShape: leftShape) : nil,
                rightWanted ? (-(scaled * q)).summed(toShape: r.shape) : nil,
            ]
        }
    }

    /// Adds `scalar` to every element. Differentiable.
    public static func + (lhs: Tensor, rhs: Float) -> Tensor {
        let sum = lhs.mapElements { $0 + rhs }
        guard lhs.isTracked else { return sum }
        return sum.recorded("add", inputs: [lhs]) { g in [g] }
    }

    /// Subtracts `scalar` from every element. Differentiable.
    public static func - (lhs: Tensor, rhs: Float) -> Tensor {
        let difference = lhs.mapElements { $0 - rhs }
        guard lhs.isTracked else { return difference }
        return difference.recorded("subtract", inputs: [lhs]) { g in [g] }
    }

    /// Multiplies every element by a scalar. Differentiable.
    ///
    /// ```swift
    /// Tensor([1, 2, 3]) * 2                          // [2.0, 4.0, 6.0]
    /// ```
    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        let product = lhs.mapElements { $0 * rhs }
        guard lhs.isTracked else { return product }
        return product.recorded("multiply", inputs: [lhs]) { g in [g * rhs] }
    }

    /// Divides every element by a scalar. Differentiable.
    public static func / (lhs: Tensor, rhs: Float) -> Tensor {
        let quotient = lhs.mapElements { $0 / rhs }
        guard lhs.isTracked else { return quotient }
        return quotient.recorded("divide", inputs: [lhs]) { g in [g / rhs] }
    }

    /// Adds every element to a scalar. Differentiable.
    public static func + (lhs: Float, rhs: Tensor) -> Tensor {
        let sum = rhs.mapElements { lhs + $0 }
        guard rhs.isTracked else { return sum }
        return sum.recorded("add", inputs: [rhs]) { g in [g] }
    }

    /// Subtracts every element from a scalar. Differentiable.
    ///
    /// ```swift
    /// 1 - Tensor([0.25, 1])                          // [0.75, 0.0]
    /// ```
    public static func - (lhs: Float, rhs: Tensor) -> Tensor {
        let difference = rhs.mapElements { lhs - $0 }
        guard rhs.isTracked else { return difference }
        return difference.recorded("subtract", inputs: [rhs]) { g in [-g] }
    }

    /// Multiplies a scalar by every element. Differentiable.
    public static func * (lhs: Float, rhs: Tensor) -> Tensor {
        let product = rhs.mapElements { lhs * $0 }
        guard rhs.isTracked else { return product }
        return product.recorded("multiply", inputs: [rhs]) { g in [g * lhs] }
    }

    /// Divides a scalar by every element. Differentiable: d(c/x) = -q / x · dx with q = c / x.
    public static func / (lhs: Float, rhs: Tensor) -> Tensor {
        let quotient = rhs.mapElements { lhs / $0 }
        guard rhs.isTracked else { return quotient }
        let x = rhs.detached(), q = quotient.detached()
        return quotient.recorded("divide", inputs: [rhs]) { g in
            [Tensor.zipElements(Tensor.zipElements(g, q) { $0 * $1 }, x) { -$0 / $1 }]
        }
    }

    /// The elementwise negation. Differentiable.
    public static prefix func - (operand: Tensor) -> Tensor {
        let negation = operand.mapElements { -$0 }
        guard operand.isTracked else { return negation }
        return negation.recorded("negate", inputs: [operand]) { g in [-g] }
    }

    // The compound assignments update in place when nothing is tracked; when either side is,
    // `lhs op= rhs` is `lhs = lhs op rhs`, recorded like the operator (the shape must still
    // stay that of `lhs`).

    /// Adds `rhs` to `lhs` in place; `rhs` must broadcast to `lhs`'s shape.
    ///
    /// ```swift
    /// var x = Tensor([[1, 2], [3, 4]])
    /// x += Tensor([1, 1])                            // [[2.0, 3.0], [4.0, 5.0]]
    /// ```
    public static func += (lhs: inout Tensor, rhs: Tensor) {
        guard lhs.isTracked || rhs.isTracked else {
            return lhs.updateBroadcasting(with: rhs, opName: "+=") { $0 + $1 }
        }
        lhs.checkUpdate(with: rhs, opName: "+=")
        lhs = lhs + rhs
    }

    /// Subtracts `rhs` from `lhs` in place; `rhs` must broadcast to `lhs`'s shape.
    public static func -= (lhs: inout Tensor, rhs: Tensor) {
        guard lhs.isTracked || rhs.isTracked else {
            return lhs.updateBroadcasting(with: rhs, opName: "-=") { $0 - $1 }
        }
        lhs.checkUpdate(with: rhs, opName: "-=")
        lhs = lhs - rhs
    }

    /// Multiplies `lhs` by `rhs` elementwise in place; `rhs` must broadcast to `lhs`'s shape.
    public static func *= (lhs: inout Tensor, rhs: Tensor) {
        guard lhs.isTracked || rhs.isTracked else {
            return lhs.updateBroadcasting(with: rhs, opName: "*=") { $0 * $1 }
        }
        lhs.checkUpdate(with: rhs, opName: "*=")
        lhs = lhs * rhs
    }

    /// Divides `lhs` by `rhs` elementwise in place; `rhs` must broadcast to `lhs`'s shape.
    public static func /= (lhs: inout Tensor, rhs: Tensor) {
        guard lhs.isTracked || rhs.isTracked else {
            return lhs.updateBroadcasting(with: rhs, opName: "/=") { $0 / $1 }
        }
        lhs.checkUpdate(with: rhs, opName: "/=")
        lhs = lhs / rhs
    }

    /// Adds a scalar to every element in place.
    public static func += (lhs: inout Tensor, rhs: Float) {
        guard lhs.isTracked else { return lhs.updateElements { $0 + rhs } }
        lhs = lhs + rhs
    }

    /// Subtracts a scalar from every element in place.
    public static func -= (lhs: inout Tensor, rhs: Float) {
        guard lhs.isTracked else { return lhs.updateElements { $0 - rhs } }
        lhs = lhs - rhs
    }

    /// Multiplies every element by a scalar in place.
    public static func *= (lhs: inout Tensor, rhs: Float) {
        guard lhs.isTracked else { return lhs.updateElements { $0 * rhs } }
        lhs = lhs * rhs
    }

    /// Divides every element by a scalar in place.
    public static func /= (lhs: inout Tensor, rhs: Float) {
        guard lhs.isTracked else { return lhs.updateElements { $0 / rhs } }
        lhs = lhs / rhs
    }
}
