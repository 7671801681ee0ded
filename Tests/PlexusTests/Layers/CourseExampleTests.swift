import Testing
@testable import Plexus

/// The course's back-propagation example, worked by hand: 2 inputs, a hidden layer of 3 ReLU
/// units, 1 sigmoid output, binary cross-entropy, fixed weights.
@Suite struct CourseExampleTests {
    // x = [1, 2], y = 1
    // W1 = [[1, -1, 0.5], [0.5, 1, -1]], b1 = [0, 0.5, 1]
    // z1 = x·W1 + b1 = [1 + 1 + 0, -1 + 2 + 0.5, 0.5 - 2 + 1] = [2, 1.5, -0.5]
    // a1 = relu(z1) = [2, 1.5, 0]
    // W2 = [[0.5], [-1], [2]], b2 = [0.25]
    // z2 = 2(0.5) + 1.5(-1) + 0(2) + 0.25 = -0.25
    // a2 = sigmoid(-0.25) = 1 / (1 + e^0.25) = 0.4378235
    // J = -log(a2) = 0.8259394
    // dJ/dz2 = a2 - y = -0.5621765
    // dJ/dW2 = a1ᵀ dz2 = [-1.1243530, -0.8432648, 0], dJ/db2 = -0.5621765
    // dJ/da1 = dz2 W2ᵀ = [-0.2810883, 0.5621765, -1.1243530]
    // dJ/dz1 = dJ/da1 * (z1 > 0) = [-0.2810883, 0.5621765, 0]
    // dJ/dW1 = xᵀ dz1 = [[-0.2810883, 0.5621765, 0], [-0.5621765, 1.1243530, 0]], dJ/db1 = dz1
    func network() -> (hidden: Dense, output: Dense) {
        var generator = RandomGenerator(seed: 0)
        let hidden = Dense(3, activation: .relu)
        let output = Dense(1, activation: .sigmoid)
        hidden.build(inputShape: [2], generator: &generator)
        output.build(inputShape: [3], generator: &generator)
        hidden.kernel!.value = Tensor([[1, -1, 0.5], [0.5, 1, -1]])
        hidden.bias!.value = Tensor([0, 0.5, 1])
        output.kernel!.value = Tensor([[0.5], [-1], [2]])
        output.bias!.value = Tensor([0.25])
        return (hidden, output)
    }

    func expectClose(_ actual: Tensor?, _ expected: [Float], _ label: String) {
        guard let actual else {
            Issue.record("\(label): no gradient")
            return
        }
        #expect(actual.count == expected.count, "\(label)")
        for (a, e) in zip(actual.scalars, expected) {
            #expect(Swift.abs(a - e) < 1e-5, "\(label): got \(actual.scalars), expected \(expected)")
        }
    }

    @Test func forwardValuesAndEveryDerivative() {
        let (hidden, output) = network()
        let x = Tensor([[1, 2]]), y = Tensor([1])
        let a1 = hidden(x)
        expectClose(a1, [2, 1.5, 0], "a1")
        let a2 = output(a1)
        expectClose(a2, [0.4378235], "a2")

        let parameters = hidden.parameters + output.parameters
        let (cost, gradients) = valueWithGradient(for: parameters) {
            BinaryCrossentropy()(output(hidden(x)), y)
        }
        expectClose(cost, [0.8259394], "J")
        expectClose(gradients[output.kernel!], [-1.1243530, -0.8432648, 0], "dJ/dW2")
        expectClose(gradients[output.bias!], [-0.5621765], "dJ/db2")
        expectClose(gradients[hidden.kernel!], [-0.2810883, 0.5621765, 0, -0.5621765, 1.1243530, 0], "dJ/dW1")
        expectClose(gradients[hidden.bias!], [-0.2810883, 0.5621765, 0], "dJ/db1")
    }

    /// The same cost, differentiated through the graph node by node, as a learner would walk it.
    @Test func hiddenActivationGradient() {
        let (hidden, output) = network()
        let x = Tensor([[1, 2]])
        let (_, gradient) = valueWithGradient(at: hidden(x)) { a1 in
            BinaryCrossentropy()(output(a1), Tensor([1]))
        }
        expectClose(gradient, [-0.2810883, 0.5621765, -1.1243530], "dJ/da1")
    }
}
