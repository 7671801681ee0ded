/// Updates parameters from their gradients to lower a cost: one step of gradient descent.
///
/// An optimizer keeps per-parameter state (its slots, such as Adam's moments), created as zeros
/// the first time it updates a parameter, and counts its steps. Each update runs one fused pass
/// per parameter over its value, gradient and slots. Parameters that are not trainable, or have
/// no gradient, are left alone.
///
/// ```swift
/// let optimizer = Adam(learningRate: 1e-3)
/// let (loss, gradients) = valueWithGradient(for: parameters) { lossFunction(model(x), y) }
/// optimizer.update(parameters, with: gradients)
/// ```
///
/// ``learningRate`` may be changed between steps (a schedule). For saving and resuming training,
/// ``step``, ``slotNames``, ``state(for:)`` and ``setState(_:for:)`` read and restore everything
/// the next update depends on.
public protocol Optimizer: AnyObject {
    /// The optimizer's name, as Keras spells it, for example `"adam"`.
    var name: String { get }

    /// The step size. May be changed between updates.
    var learningRate: Float { get set }

    /// The number of updates applied so far (Keras's `iterations`). Adam's bias correction uses
    /// `step + 1` during an update. Set it when restoring a saved optimizer.
    var step: Int { get set }

    /// The names of the slots kept per parameter, in the order of ``state(for:)``; empty when
    /// the optimizer keeps none (plain SGD).
    var slotNames: [String] { get }

    /// Applies one step to each trainable parameter that has a gradient in `gradients`, and
    /// advances ``step``.
    ///
    /// - Precondition: each gradient has its parameter's shape.
    func update(_ parameters: [Parameter], with gradients: Gradients)

    /// The slots kept for `parameter`, in the order of ``slotNames``, each of the parameter's
    /// shape; empty before the optimizer has updated it (its slots are then zeros).
    func state(for parameter: Parameter) -> [Tensor]

    /// Restores the slots of `parameter`, as ``state(for:)`` returned them.
    ///
    /// - Precondition: one tensor per slot name, each of the parameter's shape (or no tensors,
    ///   which forgets the state).
    func setState(_ slots: [Tensor], for parameter: Parameter)
}

extension Optimizer {
    /// Applies one step using each parameter's own ``Parameter/gradient``, as the last backward
    /// pass left it.
    ///
    /// ```swift
    /// loss(model(x), y).backward()
    /// optimizer.update(model.parameters)
    /// ```
    public func update(_ parameters: [Parameter]) {
        var gradients = Gradients()
        for parameter in parameters {
            if let gradient = parameter.gradient { gradients[parameter] = gradient }
        }
        update(parameters, with: gradients)
    }

    /// The number of values held in slots over all parameters (for a summary's
    /// "Optimizer params").
    public func stateElementCount(for parameters: [Parameter]) -> Int {
        parameters.reduce(0) { total, parameter in
            total + state(for: parameter).reduce(0) { $0 + $1.count }
        }
    }
}

/// The slots of an optimizer, by parameter.
///
/// Keyed by the parameter's identity; each entry also holds the parameter's serial number, so
/// that a new parameter at the address of a freed one starts from zeros instead of inheriting
/// its state.
final class OptimizerSlots {
    private struct Entry {
        let serial: UInt64
        var slots: [Tensor]
    }

    private var entries: [ObjectIdentifier: Entry] = [:]
    /// The number of slots per parameter.
    let slotCount: Int
    /// The optimizer's name, for messages.
    let optimizerName: String

    init(count: Int, optimizerName: String) {
        self.slotCount = count
        self.optimizerName = optimizerName
    }

    /// Removes and returns the slots of `parameter`, zeros when it has none yet (or its shape
    /// changed). The caller holds the only references, so writing them copies nothing; it gives
    /// them back with ``put(_:for:)``.
    func take(_ parameter: Parameter) -> [Tensor] {
        let shape = parameter.value.shape
        if let entry = entries.removeValue(forKey: ObjectIdentifier(parameter)),
            entry.serial == parameter.serial, entry.slots.allSatisfy({ $0.shape == shape })
        {
            return entry.slots
        }
        return (0..<slotCount).map { _ in Tensor.zeros(shape) }
    }

    /// Stores the slots of `parameter`.
    func put(_ slots: [Tensor], for parameter: Parameter) {
        entries[ObjectIdentifier(parameter)] = Entry(serial: parameter.serial, slots: slots)
    }

    /// The slots of `parameter` (values: later updates do not change them), or none.
    func state(for parameter: Parameter) -> [Tensor] {
        guard let entry = entries[ObjectIdentifier(parameter)], entry.serial == parameter.serial else { return [] }
        return entry.slots
    }

    /// Replaces the slots of `parameter`; no tensors forget them.
    func setState(_ slots: [Tensor], for parameter: Parameter, slotNames: [String]) {
        if slots.isEmpty {
            entries[ObjectIdentifier(parameter)] = nil
            return
        }
        require(
            slots.count == slotCount,
            "\(optimizerName) keeps \(slotCount) slots per parameter \(slotNames), got \(slots.count) for '\(parameter.name)'")
        for (slot, name) in zip(slots, slotNames) {
            require(
                slot.shape == parameter.value.shape,
                "\(optimizerName) slot '\(name)' of shape \(slot.shape) does not fit parameter '\(parameter.name)' of shape \(parameter.value.shape)"
            )
        }
        put(slots.map { $0.detached() }, for: parameter)
    }
}

/// Checks a gradient against its parameter before an update.
func checkGradientShape(_ gradient: Tensor, of parameter: Parameter, optimizer: String) {
    require(
        gradient.shape == parameter.value.shape,
        "\(optimizer): gradient of shape \(gradient.shape) for parameter '\(parameter.name)' of shape \(parameter.value.shape)")
}

/// Checks a learning rate before an update.
func checkLearningRate(_ learningRate: Float, optimizer: String) {
    require(
        learningRate.isFinite && learningRate >= 0,
        "\(optimizer): the learning rate must be finite and not negative, got \(learningRate)")
}
