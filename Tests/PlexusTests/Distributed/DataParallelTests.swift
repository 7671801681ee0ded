import Testing

@testable import Plexus

/// Data-parallel `fit` on ranks that are threads of this process: the same arithmetic as over
/// MPI, without MPI.
@Suite struct DataParallelTests {
    /// 97 rows in global batches of 32: the last batch has 1 row, so one of two ranks has
    /// none and the other all of it.
    static let rows = 97

    static func data() -> (x: Tensor, y: Tensor) {
        var generator = RandomGenerator(seed: 11)
        let x = Tensor(shape: [rows, 5], scalars: (0..<(rows * 5)).map { _ in generator.nextFloat() * 2 - 1 })
        let y = Tensor((0..<rows).map { Float(x[$0, 0] + x[$0, 1] > 0 ? 1 : ($0 % 3 == 0 ? 2 : 0)) })
        return (x, y)
    }

    /// Trains a small classifier, on `communicator`'s ranks when given; returns the loss of
    /// each epoch and the final weights.
    static func train(
        on communicator: (any Communicator)?, layers: [any Layer]? = nil, shuffle: Bool = true
    ) -> (losses: [Float], accuracy: [Float], weights: [[Float]]) {
        let (x, y) = data()
        let model = Sequential(layers ?? [Dense(8, activation: .relu), Dense(3)], seed: 5)
        model.compile(loss: .sparseCategoricalCrossentropy(fromLogits: true), optimizer: Adam(learningRate: 0.01), metrics: [.accuracy])
        model.communicator = communicator
        let history = try! model.fit(x, y, epochs: 3, batchSize: 32, shuffle: shuffle, verbose: .silent)
        return (history["loss"], history["accuracy"], model.weights.map(\.scalars))
    }

    @Test(arguments: [2, 3])
    func ranksTrainAsOneProcessDoes(ranks: Int) {
        let alone = Self.train(on: nil)
        let team = ThreadTeam(size: ranks).run { Self.train(on: $0) }
        for result in team {
            #expect(result.weights == team[0].weights, "every rank ends with the same weights, bit for bit")
            #expect(result.accuracy == alone.accuracy)
            for (loss, expected) in zip(result.losses, alone.losses) {
                #expect(abs(loss - expected) <= 1e-5 * abs(expected))
            }
            for (tensor, expected) in zip(result.weights, alone.weights) {
                for (value, reference) in zip(tensor, expected) { #expect(abs(value - reference) <= 1e-4 * Swift.max(1, abs(reference))) }
            }
        }
    }

    /// BatchNormalization's moving statistics are averaged at the end of each epoch, so the
    /// ranks agree; Dropout draws different masks on each rank, and they still agree.
    @Test func ranksAgreeWithBatchNormalizationAndDropout() {
        let team = ThreadTeam(size: 2).run {
            Self.train(on: $0, layers: [Dense(8, activation: .relu), BatchNormalization(), Dropout(rate: 0.3), Dense(3)])
        }
        #expect(team[0].weights == team[1].weights)
        #expect(team[0].losses == team[1].losses)
    }

    @Test func ranksShareEachBatchContiguouslyAndEvenly() {
        for (count, size) in [(64, 2), (65, 2), (1, 2), (10, 3), (0, 4)] {
            let shares = (0..<size).map { Model.share(of: 100..<(100 + count), rank: $0, size: size) }
            #expect(shares.first?.lowerBound == 100 && shares.last?.upperBound == 100 + count)
            #expect(zip(shares, shares.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            #expect(shares.map(\.count).max()! - shares.map(\.count).min()! <= 1)
        }
    }

    /// A parameter no rank has a gradient for keeps none; one that some rank has is summed,
    /// each rank's share weighted.
    @Test func allReduceWeightsAndKeepsMissingGradients() {
        let results = ThreadTeam(size: 2).run { rank -> [Float]? in
            let used = Parameter(Tensor([1, 2])), unused = Parameter(Tensor([3]))
            var gradients = Gradients()
            if rank.rank == 0 { gradients[used] = Tensor([4, 8]) }
            if rank.rank == 1 { gradients[used] = Tensor([1, 1]) }
            let weight: Float = rank.rank == 0 ? 0.75 : 0.25
            let summed = rank.allReduce(gradients, of: [used, unused], weight: weight)
            return summed[unused] == nil ? summed[used]?.scalars : [-1]
        }
        #expect(results[0] == [3.25, 6.25] && results[1] == [3.25, 6.25])
    }

    @Test func missingOpenMPIIsNamedWithItsPackages() {
        guard case .failure(let error) = MPILibrary.load(candidates: ["libplexus-no-such-mpi.so"]) else {
            Issue.record("a library that does not exist loaded")
            return
        }
        #expect(error.description.contains("openmpi-bin") && error.description.contains("libopenmpi3"))
    }
}
