import Foundation
import Testing
@testable import Plexus

@Suite struct AdamOptimizerTests {
    @Test func defaults() {
        let optimizer = Adam()
        #expect(optimizer.learningRate == 1e-3 && optimizer.beta1 == 0.9 && optimizer.beta2 == 0.999 && optimizer.epsilon == 1e-7)
        #expect(optimizer.slotNames == ["momentum", "velocity"])
    }

    @Test func stepsMatchKerasFormulas() {
        // Step 1 (t = 1): m = 0.1 g = [0.05, -0.1], v = 0.001 g² = [0.00025, 0.001],
        // alpha = 0.1 √0.001 / 0.1 = 0.0316227766; w -= alpha m / (√v + 1e-7)
        //   = [1 - 0.0316227766 * 0.05 / 0.0158114884, ...] = [0.900000632452, -1.90000031623].
        // Steps 2 and 3 from the float64 reference script.
        let optimizer = Adam(learningRate: 0.1)
        let (values, parameter) = OptimizerTesting.run(optimizer)
        #expect(
            OptimizerTesting.matches(
                values,
                [
                    [0.900000632452, -1.90000031623],
                    [0.806783196099, -1.93661061715],
                    [0.814980848162, -1.97817567974],
                ]))
        #expect(optimizer.step == 3)
        let state = optimizer.state(for: parameter)
        // m: [0.05, -0.1] → [0.045 + 0.025, -0.09 + 0.2] = [0.07, 0.11] → [0.063 - 0.075, 0.099 + 0.05].
        #expect(OptimizerTesting.matches(state.map(\.scalars), [[-0.012, 0.149], [0.00087443775, 0.005244001]]))
    }

    @Test func learningRateChangesBetweenSteps() {
        let optimizer = Adam(learningRate: 0.1)
        let (values, _) = OptimizerTesting.run(optimizer, learningRates: [0.1, 0.05, 0.02])
        #expect(
            OptimizerTesting.matches(
                values,
                [
                    [0.900000632452, -1.90000031623],
                    [0.853391914275, -1.91830546669],
                    [0.855031444688, -1.92661847921],
                ]))
    }

    /// Saving the step and slots after one update and restoring them into a new optimizer
    /// continues exactly as the original does.
    @Test func resumesFromSavedState() {
        let (expected, _) = OptimizerTesting.run(Adam(learningRate: 0.1))
        #expect(OptimizerTesting.runResumed { Adam(learningRate: 0.1) } == expected)
    }

    @Test func wrongStateStops() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let w = Parameter(Tensor([1, 2]), name: "bias")
            Adam().setState([Tensor.zeros([2]), Tensor.zeros([3])], for: w)
        }.map { result in
            let text = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(text.contains("velocity") && text.contains("[3]") && text.contains("bias"), "\(text)")
        }
    }

    /// A parameter made where a freed one lived (the same object identifier) starts from zero
    /// slots: the optimizer tells them apart by serial number, not by address.
    ///
    /// To land the new parameter on the freed one's block, its value is made before the old
    /// one is freed, so that allocating the new object is the first allocation after the free
    /// (the allocator hands the last freed block of a size back first, on the same thread);
    /// otherwise the new value's storage could take the block. Both come from a function that
    /// is never inlined, so they live on the heap (a release build could keep an object that
    /// does not escape on the stack). A trial whose block went elsewhere is repeated with a
    /// new optimizer; the candidates are kept alive so that no trial sees the one before.
    @Test func aNewParameterAtAFreedOnesAddressStartsFromZeros() {
        var missed: [Parameter] = []
        var reused = false
        for _ in 0..<50 where !reused {
            let optimizer = Adam()
            let holder = ParameterHolder()
            holder.parameter = Self.makeParameter(Tensor([1, 2]))
            holder.parameter!.gradient = Tensor([1, 1])
            optimizer.update([holder.parameter!])
            #expect(optimizer.state(for: holder.parameter!).count == 2)
            let address = ObjectIdentifier(holder.parameter!)
            let value = Tensor([1, 2])
            holder.parameter = nil
            let new = Self.makeParameter(value)
            guard ObjectIdentifier(new) == address else {
                missed.append(new)
                continue
            }
            reused = true
            #expect(optimizer.state(for: new).isEmpty)
            new.gradient = Tensor([1, 1])
            optimizer.update([new])
            // Its first step, from zero moments: m = 0.1 g, v = 0.001 g², as a fresh Adam's.
            // (Inherited moments would give m = 0.19.)
            let state = optimizer.state(for: new).map(\.scalars)
            #expect(OptimizerTesting.matches(state, [[0.1, 0.1], [0.001, 0.001]]), "\(state)")
        }
        #expect(reused, "in \(missed.count) trials no new parameter was made at the freed one's address")
    }

    private final class ParameterHolder {
        var parameter: Parameter?
    }

    @inline(never)
    private static func makeParameter(_ value: Tensor) -> Parameter { Parameter(value, name: "weights") }

    @Test func stateCountsElements() {
        let optimizer = Adam()
        let a = Parameter(Tensor.zeros([2, 3]), name: "a"), b = Parameter(Tensor.zeros([3]), name: "b")
        #expect(optimizer.stateElementCount(for: [a, b]) == 0)
        a.gradient = Tensor.ones([2, 3])
        b.gradient = Tensor.ones([3])
        optimizer.update([a, b])
        #expect(optimizer.stateElementCount(for: [a, b]) == 18)
    }
}

/// A parameter large enough to be updated on all cores gets the same bits as one pass of the
/// kernel over all of it: the slices start at multiples of 64, so no element changes path.
@Suite struct AdamParallelUpdateTests {
    @Test func slicedUpdateEqualsOnePass() {
        // Past the threshold, with a tail that reaches the kernel's scalar loop.
        let count = Adam.parallelThreshold + 37
        let values = (0..<count).map { Float(($0 &* 7919) % 2001) / 1000 - 1 }
        let gradient = Tensor(shape: [count], scalars: (0..<count).map { Float(($0 &* 104_729) % 1999) / 999 - 1 })
        let parameter = Parameter(Tensor(shape: [count], scalars: values))
        var gradients = Gradients()
        gradients[parameter] = gradient
        let optimizer = Adam(learningRate: 0.01)
        for _ in 0..<2 { optimizer.update([parameter], with: gradients) }

        // The reference: the same two steps, each one kernel call over every element.
        var w = values, m = [Float](repeating: 0, count: count), v = m
        let g = gradient.scalars
        for t in 1...2 {
            let correction1 = 1 - Foundation.pow(Double(Float(0.9)), Double(t))
            let correction2 = 1 - Foundation.pow(Double(Float(0.999)), Double(t))
            let alpha = Float(Double(Float(0.01)) * correction2.squareRoot() / correction1)
            CPUKernels.adam(&w, g, &m, &v, count, alpha, Float(1) - 0.9, Float(1) - 0.999, 1e-7)
        }
        // Compared whole, as one flag: a failure's element-by-element listing would be 131,109 lines.
        let sameWeights = parameter.value.scalars == w
        let sameMoments = optimizer.state(for: parameter).map(\.scalars) == [m, v]
        #expect(sameWeights && sameMoments)
    }
}
