import Plexus

extension GraphExplanation {
    /// Numbers separated by commas, as a command line writes an input or a label: "1,2",
    /// "0.5, -1".
    ///
    /// - Throws: ``ExplainError`` naming `option` and the part that is not a number.
    public static func parseNumbers(_ text: String, option: String) throws -> [Float] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0.filter { $0 != " " }) }
        var numbers: [Float] = []
        for part in parts {
            guard let number = Float(part), number.isFinite else {
                throw ExplainError("\(option) takes numbers separated by commas, such as 1,2; \"\(part)\" is not a number")
            }
            numbers.append(number)
        }
        return numbers
    }
}
