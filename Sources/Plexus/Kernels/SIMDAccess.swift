// Whole-vector loads and stores for the few Swift loops that the compiler does not vectorise on
// its own (selects between floats, flags carried across an inner loop).

extension SIMD8<Float> {
    /// Eight floats from `pointer`, which need not be aligned.
    @inline(__always)
    init(loading pointer: UnsafePointer<Float>) {
        self = UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// Writes the eight floats at `pointer`, which need not be aligned.
    @inline(__always)
    func store(to pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: self, as: SIMD8<Float>.self)
    }
}
