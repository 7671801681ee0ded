extension Model {
    /// The sum of the layers' weight penalties (their regularizers), recorded for gradients
    /// while they are; nil when no layer has one. Training adds it to the loss it minimises
    /// and reports, as Keras adds `model.losses`.
    public func regularizationPenalty() -> Tensor? {
        let penalties = layers.compactMap { $0.regularizationPenalty() }
        guard var total = penalties.first else { return nil }
        for penalty in penalties.dropFirst() { total = total + penalty }
        return total
    }
}
