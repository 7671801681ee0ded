/// The product of `factors` (dimensions, then bytes per element), or nil when a factor is
/// negative or the product does not fit in an `Int`: how every size read from a file is
/// turned into a byte count before it is compared with the bytes that back it.
func checkedProduct(_ factors: [Int]) -> Int? {
    var product = 1
    for factor in factors {
        guard factor >= 0 else { return nil }
        let (next, overflow) = product.multipliedReportingOverflow(by: factor)
        guard !overflow else { return nil }
        product = next
    }
    return product
}
