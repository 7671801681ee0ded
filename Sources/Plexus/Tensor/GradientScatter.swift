// Where the gradients of selections go: the vector-Jacobian products of the operations that
// pick elements out of a tensor (max and min, rows, gathered rows, pieces of a concatenation)
// put the output's gradient back at the positions it came from, zeros elsewhere.

extension Tensor {
    /// Zeros of `shape`, with `value` at the first element of `source` that equals `best`
    /// (the first NaN when `best` is NaN): the gradient of the whole-tensor max or min.
    static func gradient(_ value: Float, atFirstOf best: Float, in source: Tensor) -> Tensor {
        let result = Tensor(shape: source.shape, repeating: 0)
        let values = UnsafePointer(source.storage.base)
        var position = 0
        while position < source.count - 1 {
            let v = values[position]
            if v == best || (v.isNaN && best.isNaN) { break }
            position += 1
        }
        result.storage.base[position] = value
        return result
    }

    /// Zeros of `shape`, except that each element of `gradient` (the shape of a reduction of
    /// `shape` along `axis`, with or without the kept dimension) goes to the position along
    /// `axis` given by the matching element of `positions` (as from `argmax(alongAxis:)`).
    static func scattering(
        _ gradient: Tensor, at positions: Tensor, alongAxis axis: Int, into shape: [Int]
    ) -> Tensor {
        let result = Tensor(shape: shape, repeating: 0)
        let (outer, length, inner) = result.reductionLayout(axis)
        let g = UnsafePointer(gradient.storage.base), p = UnsafePointer(positions.storage.base)
        let destination = result.storage.base
        for o in 0..<outer {
            for i in 0..<inner {
                let reduced = o * inner + i
                destination[(o * length + Int(p[reduced])) * inner + i] = g[reduced]
            }
        }
        return result
    }

    /// Zeros of `shape`, with the rows (entries of the first axis) of this tensor added to the
    /// rows `indices` in turn: an index that repeats gets the sum of its rows.
    func scatterAddingRows(_ indices: [Int], into shape: [Int]) -> Tensor {
        let result = Tensor(shape: shape, repeating: 0)
        let size = result.rowSize
        let source = UnsafePointer(storage.base)
        let destination = result.storage.base
        for (k, index) in indices.enumerated() {
            let row = destination + index * size, gradientRow = source + k * size
            for j in 0..<size { row[j] += gradientRow[j] }
        }
        return result
    }

    /// Zeros of `shape`, with this tensor copied in at the rows starting at `firstRow`.
    func placedAsRows(startingAt firstRow: Int, into shape: [Int]) -> Tensor {
        let result = Tensor(shape: shape, repeating: 0)
        if count > 0 { (result.storage.base + firstRow * result.rowSize).update(from: storage.base, count: count) }
        return result
    }

    /// This tensor cut along `axis` into consecutive pieces of the given sizes (the gradients
    /// of the operands of a concatenation); nil for a piece that is not `wanted`.
    func pieces(alongAxis axis: Int, sizes: [Int], wanted: [Bool]) -> [Tensor?] {
        let (outer, length, inner) = reductionLayout(axis)
        let source = UnsafePointer(storage.base)
        var start = 0
        var result: [Tensor?] = []
        for (size, isWanted) in zip(sizes, wanted) {
            let block = size * inner
            if isWanted {
                var pieceShape = shape
                pieceShape[axis] = size
                let piece = Tensor(uninitializedShape: pieceShape)
                if block > 0 {
                    for o in 0..<outer {
                        (piece.storage.base + o * block).update(from: source + o * length * inner + start, count: block)
                    }
                }
                result.append(piece)
            } else {
                result.append(nil)
            }
            start += block
        }
        return result
    }
}
