import ArgumentParser
import Plexus

/// An option whose values are a closed set: ArgumentParser parses it, so a value outside the
/// set is a usage error (status 64) that lists the accepted ones, and the help shows them.
/// Values are taken in any case (`--optimizer ADAMW`).
protocol OptionChoice: CaseIterable, ExpressibleByArgument, RawRepresentable where RawValue == String {}

extension OptionChoice {
    init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }
}

/// `--loss`: the four losses of the course, under their Keras names with hyphens.
enum LossChoice: String, OptionChoice {
    case mse
    case binaryCrossentropy = "binary-crossentropy"
    case sparseCategoricalCrossentropy = "sparse-categorical-crossentropy"
    case categoricalCrossentropy = "categorical-crossentropy"

    /// Keras's own spellings and the short names work too: `binary_crossentropy`, `bce`,
    /// `scce`, `cce`, `mean-squared-error`.
    init?(argument: String) {
        let name = argument.lowercased().replacingOccurrences(of: "_", with: "-")
        let aliases: [String: LossChoice] = [
            "mean-squared-error": .mse, "bce": .binaryCrossentropy, "scce": .sparseCategoricalCrossentropy,
            "cce": .categoricalCrossentropy,
        ]
        guard let choice = LossChoice(rawValue: name) ?? aliases[name] else { return nil }
        self = choice
    }
}

/// `--normalize`: how the inputs are scaled before the first layer.
enum NormalizeChoice: String, OptionChoice {
    /// Zero mean and unit deviation (one mean and deviation over all pixels of images).
    case standard
    /// Into [0, 1] (one range over all pixels of images).
    case minmax
    /// As they are.
    case none
}

/// `--layout`: whose layout an imported weight file has.
enum LayoutChoice: String, OptionChoice {
    case keras, pytorch

    var layout: WeightLayout { self == .keras ? .keras : .pytorch }
}

/// `--mapping`: how an imported file's tensors are matched to the model's weights.
enum MappingChoice: String, OptionChoice {
    case order, name

    var mapping: WeightMapping { self == .order ? .byOrder : .byName }
}

/// `--backend` of `plexus bench matmul`: which matrix backend to time (present or not; that
/// is known only when it runs).
enum BackendChoice: String, OptionChoice {
    case native, openblas, accelerate
}

/// `--format` of the explanations that draw: numbers and a terminal chart, or an SVG picture.
enum ChartFormat: String, OptionChoice {
    case text, svg
}

/// `--format` of `plexus explain graph`: text, or Graphviz's DOT.
enum GraphFormat: String, OptionChoice {
    case text, dot
}
