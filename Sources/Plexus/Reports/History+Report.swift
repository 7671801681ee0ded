extension History {
    /// Writes a one-file HTML report of this training run to `path`: the settings and data
    /// set, the model summary, loss and metrics per epoch as charts (with a logarithmic loss
    /// axis to switch to), the learning rate when it changed, the test results (a confusion
    /// matrix heat map, per-class precision, recall and F1, the most confident mistakes; a
    /// regression's predictions against the truth and residuals), timing, and the seed and
    /// versions to repeat it. The page holds its style and charts inline and loads nothing.
    ///
    /// ```swift
    /// let history = try model.fit(train.x, train.y, epochs: 40, validationSplit: 0.1)
    /// try history.writeReport(to: "report.html", model: model, test: (test.x, test.y))
    /// ```
    ///
    /// - Parameters:
    ///   - path: the HTML file to write (a symbolic link's target, `/dev/stdout` and pipes work as for a saved model).
    ///   - model: the trained model (compiled, to score the test data).
    ///   - test: held-out samples and labels as ``Model/evaluate(_:_:batchSize:)-(Tensor,_,_)`` takes them.
    ///   - details: the data set, its credit, class names, how samples are drawn, settings.
    /// - Throws: ``TrainingError`` when the test data do not fit the model; ``DataError``
    ///   (kind `.ioFailure`) when the file cannot be written. The file is replaced atomically.
    public func writeReport(
        to path: String, model: Model, test: (x: Tensor, y: Tensor)? = nil, details: ReportDetails = ReportDetails()
    ) throws {
        try AtomicFile.write(Array(try htmlReport(model: model, test: test, details: details).utf8), to: path)
    }

    /// The HTML of ``writeReport(to:model:test:details:)``.
    public func htmlReport(model: Model, test: (x: Tensor, y: Tensor)? = nil, details: ReportDetails = ReportDetails()) throws -> String {
        HTMLReport.page(try RunReport(history: self, model: model, test: test, details: details))
    }
}
