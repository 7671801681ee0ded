import Plexus

import Foundation

/// Why convolution: one window of a Conv2D layer computed by hand next to the layer's own
/// output, the receptive field of each layer of a small stack (how much of the image one output
/// sees), and the parameter counts of a convolution and of a Dense layer making as many outputs
/// from the same image.
///
/// ```swift
/// let explanation = try ConvolutionExplanation(inputShape: [6, 6, 1], kernel: 3)
/// explanation.handValue == explanation.layerValue    // up to rounding
/// ```
public struct ConvolutionExplanation: Sendable {
    /// One layer of the stack and what one of its outputs sees.
    public struct StackLayer: Sendable {
        /// The layer, as `--layers` would spell it.
        public let name: String
        /// Its output shape for one image.
        public let outputShape: [Int]
        /// The side of the input square one output depends on.
        public let receptiveField: Int
    }

    /// The image shape `[height, width, channels]`.
    public let inputShape: [Int]
    /// The kernel's side.
    public let kernel: Int
    /// The image (values 0 to 9), row-major `[height, width, channels]`.
    public let image: [Float]
    /// The top-left window of the image, `[kernel, kernel, channels]`, row-major.
    public let window: [Float]
    /// The layer's kernel for its one filter, `[kernel, kernel, channels]`, row-major.
    public let weights: [Float]
    /// The layer's bias.
    public let bias: Float
    /// Σ window·weights + bias, by hand (in Double).
    public let handValue: Double
    /// The layer's output at the top-left position.
    public let layerValue: Float
    /// The layer's output shape for one image.
    public let outputShape: [Int]
    /// The stack, layer by layer.
    public let stack: [StackLayer]
    /// The number of filters in the parameter comparison.
    public let filters: Int
    /// The convolution's parameters: (kernel² · channels + 1) · filters.
    public let convolutionParameters: Int
    /// A Dense layer's parameters making the same number of outputs from the flattened image.
    public let denseParameters: Int

    /// The explanation for an image of `inputShape` and a `kernel`×`kernel` convolution.
    ///
    /// - Throws: ``ExplainError`` for a shape that is not three positive sizes (at most 1,000,000
    ///   values), or a kernel larger than the image.
    public init(inputShape: [Int] = [6, 6, 1], kernel: Int = 3, filters: Int = 8, seed: UInt64 = 0) throws {
        guard inputShape.count == 3, inputShape.allSatisfy({ (1...100_000).contains($0) }) else {
            throw ExplainError(
                "--input-shape takes height,width,channels (three positive sizes), got \(ExplainFormatting.shape(Array(inputShape.prefix(8))))"
            )
        }
        let (height, width, channels) = (inputShape[0], inputShape[1], inputShape[2])
        let (hw, o1) = height.multipliedReportingOverflow(by: width)
        let (count, o2) = hw.multipliedReportingOverflow(by: channels)
        guard !o1, !o2, count <= 1_000_000 else {
            throw ExplainError("--input-shape \(ExplainFormatting.shape(inputShape)) has more than 1,000,000 values")
        }
        guard kernel >= 1, kernel <= Swift.min(height, width) else {
            throw ExplainError("--kernel must be 1...\(Swift.min(height, width)) for a \(height)x\(width) image, got \(kernel)")
        }
        guard (1...1024).contains(filters) else { throw ExplainError("--filters must be 1...1024, got \(filters)") }
        self.inputShape = inputShape
        self.kernel = kernel
        self.filters = filters

        var generator = RandomGenerator(seed: seed &+ 1)
        let values = Tensor.uniform([1, height, width, channels], low: 0, high: 10, using: &generator).scalars.map { $0.rounded(.down) }
        image = values
        let conv = Conv2D(filters: 1, kernelSize: (kernel, kernel))
        let model = Sequential([conv], inputShape: inputShape, seed: seed)
        let output = model(Tensor(shape: [1, height, width, channels], scalars: values))
        outputShape = Array(output.shape.dropFirst())
        layerValue = output.scalars[0]
        weights = conv.kernel!.value.scalars  // [kernel, kernel, channels, 1]: row-major is window order
        bias = conv.bias?.value.scalars[0] ?? 0
        var window: [Float] = []
        for row in 0..<kernel {
            for column in 0..<kernel {
                for channel in 0..<channels { window.append(values[(row * width + column) * channels + channel]) }
            }
        }
        self.window = window
        handValue = zip(window, weights).reduce(Double(bias)) { $0 + Double($1.0) * Double($1.1) }

        stack = ConvolutionExplanation.stack(inputShape: inputShape, kernel: kernel)
        do {
            convolutionParameters = try ArchitecturePlan(
                layers: [Conv2D(filters: filters, kernelSize: (kernel, kernel))], inputShape: inputShape, limits: .unlimited
            ).parameterCount
            let outputs = (height - kernel + 1) * (width - kernel + 1) * filters
            denseParameters = try ArchitecturePlan(layers: [Flatten(), Dense(outputs)], inputShape: inputShape, limits: .unlimited)
                .parameterCount
        } catch let error as ArchitectureError {
            throw ExplainError(error.description)
        }
    }

    /// conv, conv, max-pool 2, conv: as many of them as fit the image, with the receptive field
    /// of each (it grows by (k - 1) input steps per layer; pooling doubles the step).
    private static func stack(inputShape: [Int], kernel: Int) -> [StackLayer] {
        let candidates: [(String, () -> any Layer, Int, Int)] = [
            ("conv:8:\(kernel)", { Conv2D(filters: 8, kernelSize: (kernel, kernel)) }, kernel, 1),
            ("conv:8:\(kernel)", { Conv2D(filters: 8, kernelSize: (kernel, kernel)) }, kernel, 1),
            ("maxpool:2", { MaxPooling2D(poolSize: (2, 2)) }, 2, 2),
            ("conv:8:\(kernel)", { Conv2D(filters: 8, kernelSize: (kernel, kernel)) }, kernel, 1),
        ]
        var layers: [any Layer] = [], result: [StackLayer] = []
        var field = 1, jump = 1
        for (name, make, size, stride) in candidates {
            layers.append(make())
            guard let plan = try? ArchitecturePlan(layers: layers, inputShape: inputShape, limits: .unlimited),
                plan.outputShape.prefix(2).allSatisfy({ $0 >= 1 })
            else { break }
            field += (size - 1) * jump
            jump *= stride
            result.append(StackLayer(name: name, outputShape: plan.outputShape, receptiveField: field))
        }
        return result
    }

    /// The window by hand and the layer's value, the stack, the parameter counts, and a
    /// one-line summary.
    public func report() -> String {
        func f(_ x: Float) -> String { ExplainFormatting.number(x, digits: 5) }
        let channels = inputShape[2]
        let shape = [kernel, kernel, channels]
        var text =
            "An image of shape \(ExplainFormatting.shape(inputShape)) (values 0 to 9) and a \(kernel)x\(kernel) convolution with one filter (Conv2D, seeded):\n"
        text += "  top-left window  = \(ExplainFormatting.tensor(Tensor(shape: shape, scalars: window), digits: 4))\n"
        text += "  kernel           = \(ExplainFormatting.tensor(Tensor(shape: shape, scalars: weights), digits: 4))\n"
        text += "  bias             = \(f(bias))\n"
        text += "  by hand: Σ window·kernel + bias = \(ExplainFormatting.number(handValue, digits: 7))\n"
        text +=
            "  the layer's output at (0, 0)    = \(ExplainFormatting.number(layerValue, digits: 7))  (output shape \(ExplainFormatting.shape(outputShape)))\n\n"
        text += "Receptive field: how much of the image one output sees, layer by layer:\n"
        var table: [[String]] = [["layer", "output shape", "receptive field"]]
        for layer in stack {
            table.append([layer.name, ExplainFormatting.shape(layer.outputShape), "\(layer.receptiveField)x\(layer.receptiveField)"])
        }
        text += ExplainFormatting.table(table) + "\n\n"
        let outputs = (inputShape[0] - kernel + 1) * (inputShape[1] - kernel + 1) * filters
        text += "Parameters to make \(outputs) outputs from this image (\(filters) filters):\n"
        text +=
            ExplainFormatting.table([
                [
                    "Conv2D(\(filters), \(kernel)x\(kernel))", "(\(kernel)·\(kernel)·\(channels) + 1)·\(filters)",
                    "= \(convolutionParameters)",
                ],
                ["Dense(\(outputs)) after Flatten", "(\(inputShape.reduce(1, *)) + 1)·\(outputs)", "= \(denseParameters)"],
            ]) + "\n"
        let ratio = Double(denseParameters) / Double(Swift.max(convolutionParameters, 1))
        text += "\nIn short: each output of a convolution looks at a \(kernel)x\(kernel) window with the same few weights everywhere, "
        text +=
            "so it needs \(ExplainFormatting.number(ratio, digits: 3)) times fewer parameters than a Dense layer here; stacking layers widens what each output sees."
        return text
    }

    /// The numbers printed, as JSON.
    public func json() -> String {
        ExplainJSON.object([
            "input_shape": "[" + inputShape.map(String.init).joined(separator: ", ") + "]", "kernel": "\(kernel)",
            "window": ExplainJSON.numbers(window), "weights": ExplainJSON.numbers(weights), "bias": ExplainJSON.number(bias),
            "hand_value": ExplainJSON.number(handValue), "layer_value": ExplainJSON.number(layerValue),
            "output_shape": "[" + outputShape.map(String.init).joined(separator: ", ") + "]",
            "stack": ExplainJSON.array(
                stack.map {
                    ExplainJSON.object([
                        "layer": ExplainJSON.string($0.name),
                        "output_shape": "[" + $0.outputShape.map(String.init).joined(separator: ", ") + "]",
                        "receptive_field": "\($0.receptiveField)",
                    ])
                }),
            "filters": "\(filters)", "convolution_parameters": "\(convolutionParameters)", "dense_parameters": "\(denseParameters)",
        ])
    }
}
