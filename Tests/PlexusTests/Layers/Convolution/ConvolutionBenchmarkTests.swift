import Foundation
import Testing
import Plexus

/// Timings of Conv2D forward and forward+backward on the shapes of an MNIST CNN. Runs only
/// with PLEXUS_CONV_BENCH=1 (build in release for meaningful numbers).
@Suite struct ConvolutionBenchmarkTests {
    func median(_ runs: Int, _ body: () -> Void) -> Double {
        body()
        var times: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        return times.sorted()[runs / 2]
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["PLEXUS_CONV_BENCH"] == "1"))
    func conv2DTimings() {
        for (image, filters, inputTracked) in [([28, 28, 1], 32, false), ([13, 13, 32], 64, true)] {
            let layer = Conv2D(filters, 3, activation: .relu)
            var generator = RandomGenerator(seed: 1)
            layer.build(inputShape: image, generator: &generator)
            let x = Tensor.uniform([128] + image, low: -1, high: 1, using: &generator)
            let input = Parameter(x, name: "input")
            let parameters = layer.parameters + (inputTracked ? [input] : [])
            let forward = median(21) { _ = layer(x) }
            let step = median(21) {
                _ = valueWithGradient(for: parameters) { layer(inputTracked ? input.tensor : x, training: true).sum() }
            }
            let pool = MaxPooling2D(2)
            let pooled = Tensor.uniform([128, 26, 26, 32], low: -1, high: 1, using: &generator)
            let poolInput = Parameter(pooled, name: "pooled")
            let poolForward = median(21) { _ = pool(pooled) }
            let poolStep = median(21) { _ = valueWithGradient(for: [poolInput]) { pool(poolInput.tensor).sum() } }
            print(
                "conv2d \([128] + image) -> \(filters): forward \(String(format: "%.2f", forward)) ms, "
                    + "forward+backward \(String(format: "%.2f", step)) ms (input gradient: \(inputTracked)); "
                    + "maxpool [128,26,26,32] forward \(String(format: "%.2f", poolForward)) ms, "
                    + "forward+backward \(String(format: "%.2f", poolStep)) ms")
        }
    }
}
