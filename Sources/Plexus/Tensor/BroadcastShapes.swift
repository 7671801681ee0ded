// Moving between a shape and a shape it broadcasts to: stretching a tensor out to the larger
// shape, and summing a gradient of the larger shape back to the smaller one. Each is the
// other's vector-Jacobian product.

extension Tensor {
    /// The gradient of a broadcast operand: this tensor, of a broadcast result's shape, summed
    /// over every axis that broadcasting added (leading axes) or stretched (size 1 in `target`),
    /// then shaped as `target`. Returns `self` when the shapes are already equal.
    ///
    /// ```swift
    /// let g = Tensor([[1, 2, 3], [4, 5, 6]])
    /// g.summed(toShape: [3])                         // [5.0, 7.0, 9.0]
    /// g.summed(toShape: [2, 1])                      // [[6.0], [15.0]]
    /// g.summed(toShape: [])                          // 21.0
    /// ```
    ///
    /// Differentiable. Use it in your own broadcasting operations' pullbacks.
    /// - Precondition: `target` broadcasts to this tensor's shape.
    public func summed(toShape target: [Int]) -> Tensor {
        if shape == target { return self }
        require(
            target.count <= rank && Tensor.broadcastShape(target, shape) == shape,
            "cannot sum a gradient of shape \(shape) to shape \(target): \(target) does not broadcast to \(shape)")
        if target.elementCount == 1 { return sum().reshaped(target) }
        var result = self
        // Leading axes that broadcasting added: one sum over all of them at once.
        let added = rank - target.count
        if added > 0 {
            let leading = shape[..<added].reduce(1, *)
            result = result.reshaped([leading] + shape[added...]).sum(alongAxis: 0)
        }
        for axis in 0..<target.count where target[axis] == 1 && result.shape[axis] != 1 {
            result = result.sum(alongAxis: axis, keepingDimensions: true)
        }
        return result.reshaped(target)
    }

    /// This tensor stretched to `target`, a shape it broadcasts to (NumPy's `broadcast_to`),
    /// as a new tensor.
    ///
    /// ```swift
    /// Tensor([1, 2]).broadcasted(toShape: [2, 2])    // [[1.0, 2.0], [1.0, 2.0]]
    /// ```
    ///
    /// Differentiable: the gradient is ``summed(toShape:)`` back to this shape.
    /// - Precondition: this tensor's shape broadcasts to `target`.
    public func broadcasted(toShape target: [Int]) -> Tensor {
        require(
            rank <= target.count && Tensor.broadcastShape(shape, target) == target,
            "cannot broadcast shape \(shape) to shape \(target)")
        if shape == target { return self }
        let result: Tensor
        if count == 1 {
            result = Tensor(shape: target, repeating: storage.base[0])
        } else {
            result = Tensor(shape: target, repeating: 0)
            broadcastElementwise(result, self, resultShape: target, into: result.storage.base) { _, value in value }
        }
        guard isTracked else { return result }
        let sourceShape = shape
        return result.recorded("broadcast", inputs: [self]) { g in [g.summed(toShape: sourceShape)] }
    }
}
