import ArgumentParser
import Plexus

/// The architectures `--model` names, for `plexus train`, `plexus summary` and `plexus bench
/// layers`: the layer lists of ``LayerSpecification/presets``, and the residual CNN, a graph
/// with skip connections that no layer list can write (``Model/residualCNN(inputShape:classes:seed:)``).
enum ModelPreset: String, CaseIterable, ExpressibleByArgument {
    case lab
    case cnn
    case cnnBN = "cnn-bn"
    case resnet

    /// Names are taken in any case, as `--model CNN`.
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    /// The layer list, for the presets that are one; nil for a graph.
    var layerList: String? { LayerSpecification.presets[rawValue] }

    /// What data the preset is made for, for the message when it does not fit.
    var purpose: String {
        LayerSpecification.presetPurposes[rawValue]
            ?? "classes of grey or colour images of at least 4x4 pixels, such as fashion-mnist"
    }

    /// Whether the preset's first layers are convolutions, which take images.
    var expectsImages: Bool { self != .lab }

    /// The model, its last layer `outputs` wide (logits).
    ///
    /// - Throws: `InputError` when the samples do not fit the preset, saying what it is for.
    func model(sampleShape: [Int], outputs: Int, seed: UInt64) throws -> Model {
        do {
            guard let layerList else { return try Model.residualCNN(inputShape: sampleShape, classes: outputs, seed: seed) }
            let layers = try LayerSpecification.parse(layerList)
            _ = try ArchitecturePlan(layers: layers, inputShape: sampleShape)
            return Sequential(layers, inputShape: sampleShape, seed: seed)
        } catch let error as ArchitectureError {
            throw InputError(
                "the preset '\(rawValue)' does not fit samples of shape \(sampleShape): \(error.description); it is for \(purpose)")
        }
    }

    /// The help text of `--model`.
    static let help = ArgumentHelp(
        "A named architecture instead of --layers: lab (the course's digits network), cnn (Fashion-MNIST), cnn-bn (with batch normalization and global average pooling) or resnet (two residual blocks with batch normalization, a graph)."
    )
}
