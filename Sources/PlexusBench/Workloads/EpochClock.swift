import Plexus

/// A callback that notes how long each epoch of `fit` takes.
final class EpochClock: Callback {
    private(set) var seconds: [Double] = []
    private var start = ContinuousClock.now

    func onEpochBegin(_ epoch: Int, model: Model) { start = .now }

    func onEpochEnd(_ epoch: Int, logs: Logs, model: Model) { seconds.append((ContinuousClock.now - start).seconds) }
}
