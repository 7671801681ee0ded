/// How well predicted numbers match true ones.
public enum RegressionScores {
    /// The coefficient of determination, R² = 1 - (residual sum of squares) / (total sum of
    /// squares about the mean of the truth): 1 is perfect, 0 is no better than always
    /// predicting the mean.
    ///
    /// ```swift
    /// let r2 = RegressionScores.rSquared(predictions: model.predict(x), truth: y)
    /// ```
    public static func rSquared(predictions: Tensor, truth: Tensor) -> Float {
        let p = predictions.scalars, y = truth.scalars
        require(p.count == y.count, "R²: \(p.count) predictions for \(y.count) true values")
        guard !y.isEmpty else { return 0 }
        let mean = y.reduce(0.0) { $0 + Double($1) } / Double(y.count)
        var residual = 0.0, total = 0.0
        for (prediction, value) in zip(p, y) {
            residual += (Double(prediction) - Double(value)) * (Double(prediction) - Double(value))
            total += (Double(value) - mean) * (Double(value) - mean)
        }
        return total == 0 ? 0 : Float(1 - residual / total)
    }

    /// The mean squared error.
    public static func meanSquaredError(predictions: Tensor, truth: Tensor) -> Float {
        let p = predictions.scalars, y = truth.scalars
        require(p.count == y.count, "MSE: \(p.count) predictions for \(y.count) true values")
        guard !y.isEmpty else { return 0 }
        return Float(zip(p, y).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) } / Double(y.count))
    }
}
