import Foundation
import Testing
import Plexus

@Suite struct RandomGeneratorTests {
    // Reference values from an independent implementation of splitmix64 + xoshiro256**
    // (a 30-line Python script and Vigna's C code, which agree).
    @Test func fixedSeedGivesFixedSequence() {
        var generator = RandomGenerator(seed: 42)
        #expect(generator.next() == 0x1578_0B2E_0C2E_C716)
        #expect(generator.next() == 0x6104_D986_6D11_3A7E)
        #expect(generator.next() == 0xAE17_5332_39E4_99A1)
        #expect(generator.next() == 0xECB8_AD47_03B3_60A1)
    }

    @Test func seedZeroIsValid() {
        var generator = RandomGenerator(seed: 0)
        #expect(generator.next() == 0x99EC_5F36_CB75_F2B4)
        #expect(generator.next() == 0xBF6E_1F78_4956_452A)
        #expect(generator.next() == 0x1A5F_849D_4933_E6E0)
        #expect(generator.next() == 0x6AA5_94F1_262D_2D2C)
    }

    @Test func floatsUseTheTop24Bits() {
        var generator = RandomGenerator(seed: 42)
        // 0x15780B2E0C2EC716 >> 40 = 0x15780B = 1406987; 1406987 / 2^24
        #expect(generator.nextFloat() == 1_406_987.0 / 16_777_216.0)
        #expect(generator.nextFloat() == 0.37898021936416626)
        #expect(generator.nextFloat() == 0.6800433993339539)
    }

    @Test func boundedIntegersMatchReference() {
        var generator = RandomGenerator(seed: 7)
        let values = (0..<8).map { _ in generator.nextInt(below: 10) }
        #expect(values == [7, 2, 8, 9, 9, 8, 0, 1])
        var one = RandomGenerator(seed: 3)
        #expect((0..<20).allSatisfy { _ in one.nextInt(below: 1) == 0 })
    }

    @Test func permutationMatchesReferenceFisherYates() {
        var generator = RandomGenerator(seed: 7)
        #expect(generator.permutation(6) == [0, 5, 2, 3, 1, 4])
        var other = RandomGenerator(seed: 99)
        #expect(other.permutation(100).sorted() == Array(0..<100))
        #expect(other.permutation(0) == [])
        #expect(other.permutation(1) == [0])
    }

    @Test func shuffleIsReproducible() {
        var a = RandomGenerator(seed: 5)
        var b = RandomGenerator(seed: 5)
        var x = Array(0..<50)
        var y = Array(0..<50)
        a.shuffle(&x)
        b.shuffle(&y)
        #expect(x == y)
        #expect(x != Array(0..<50))
        #expect(x.sorted() == Array(0..<50))
    }

    @Test func uniformStatistics() {
        var generator = RandomGenerator(seed: 1)
        let n = 100_000
        let x = Tensor.uniform([n], using: &generator)
        let mean = x.mean().scalar
        // The standard error of the mean is sqrt(1/12) / sqrt(n) = 0.0009.
        #expect(Swift.abs(mean - 0.5) < 0.005)
        #expect(x.min().scalar >= 0)
        #expect(x.max().scalar < 1)
        let variance = (x - 0.5).squared().mean().scalar
        #expect(Swift.abs(variance - 1.0 / 12.0) < 0.002)

        let y = Tensor.uniform([1000], low: -3, high: 5, using: &generator)
        #expect(y.min().scalar >= -3)
        #expect(y.max().scalar < 5)
    }

    @Test func normalStatistics() {
        var generator = RandomGenerator(seed: 2)
        let n = 100_000
        let x = Tensor.normal([n], using: &generator)
        #expect(!x.hasNonFiniteValues)
        let mean = x.mean().scalar
        let std = ((x - mean).squared().mean().scalar).squareRoot()
        #expect(Swift.abs(mean) < 0.02)
        #expect(Swift.abs(std - 1) < 0.02)
        // About 68.3% within one standard deviation.
        let inside = (abs(x).isLess(than: 1)).mean().scalar
        #expect(Swift.abs(inside - 0.6827) < 0.01)

        let y = Tensor.normal([n], mean: 3, standardDeviation: 0.5, using: &generator)
        #expect(Swift.abs(y.mean().scalar - 3) < 0.01)
    }

    @Test func sameSeedSameTensors() {
        var a = RandomGenerator(seed: 11)
        var b = RandomGenerator(seed: 11)
        #expect(Tensor.normal([4, 5], using: &a) == Tensor.normal([4, 5], using: &b))
        #expect(Tensor.uniform([7], using: &a) == Tensor.uniform([7], using: &b))
    }
}

@Suite struct RandomGeneratorCodingTests {
    /// A saved generator continues exactly where the original was, pending normal included.
    @Test func savedStateContinuesTheSequence() throws {
        var original = RandomGenerator(seed: 99)
        for _ in 0..<5 { _ = original.next() }
        _ = original.nextNormal()  // leaves the pair's second value pending
        let data = try JSONEncoder().encode(original)
        var restored = try JSONDecoder().decode(RandomGenerator.self, from: data)
        #expect(restored == original)
        #expect(restored.nextNormal() == original.nextNormal())
        for _ in 0..<10 { #expect(restored.next() == original.next()) }
    }

    @Test func aZeroStateIsRejected() {
        let zero = Data(#"{"state":["0","0","0","0"]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(RandomGenerator.self, from: zero) }
    }
}
