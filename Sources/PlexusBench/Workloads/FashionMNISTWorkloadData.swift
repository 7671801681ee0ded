import Plexus

/// Fashion-MNIST as the peers' scripts prepare it: pixels divided by 255, labels 0-9.
public struct FashionMNISTWorkloadData: Sendable {
    /// The training images, `[60000, 28, 28, 1]`, values in 0...1.
    public var trainImages: Tensor
    /// The training labels, `[60000]`.
    public var trainLabels: Tensor
    /// The test images, `[10000, 28, 28, 1]`.
    public var testImages: Tensor
    /// The test labels, `[10000]`.
    public var testLabels: Tensor
    /// Seconds to read the four .gz files and scale the pixels (the peers' `load_s`).
    public var loadSeconds: Double

    /// Reads the data from where ``Datasets/fashionMNIST(directory:)`` finds it.
    ///
    /// The pixels are divided in place, each tensor the only holder of its buffer by then, so
    /// that the scaled copy never sits beside the unscaled one (188 MB more at the peak).
    public static func load(directory: String? = nil) throws -> FashionMNISTWorkloadData {
        let start = ContinuousClock.now
        // The data sets end with this call, leaving the tensors their buffers' only holders.
        func tensors() throws -> (Tensor, Tensor, Tensor, Tensor) {
            let (train, test) = try Datasets.fashionMNIST(directory: directory)
            return (train.features, train.labels, test.features, test.labels)
        }
        var trainImages: Tensor, testImages: Tensor
        let trainLabels: Tensor, testLabels: Tensor
        (trainImages, trainLabels, testImages, testLabels) = try tensors()
        try checkImages(trainImages, name: "train-images-idx3-ubyte")
        try checkImages(testImages, name: "t10k-images-idx3-ubyte")
        trainImages /= 255
        testImages /= 255
        return FashionMNISTWorkloadData(
            trainImages: trainImages, trainLabels: trainLabels, testImages: testImages, testLabels: testLabels,
            loadSeconds: (ContinuousClock.now - start).seconds)
    }

    /// Only the 10,000 test images and labels (the training tensors empty): all that W4 reads.
    public static func loadTest(directory: String? = nil) throws -> FashionMNISTWorkloadData {
        let start = ContinuousClock.now
        let folder = Datasets.fashionMNISTFolder(directory: directory)
        // Under any name the whole loader accepts (plain or .gz), not only the .gz ones.
        var images = try IDX.load(Datasets.idxFile(in: folder, shownAs: folder, part: "t10k", kind: "images", rank: 3))
        let labels = try IDX.load(Datasets.idxFile(in: folder, shownAs: folder, part: "t10k", kind: "labels", rank: 1))
        try checkImages(images.rank == 3 ? images.reshaped(images.shape + [1]) : images, name: "t10k-images-idx3-ubyte")
        guard labels.shape == [images.shape[0]] else {
            throw DataError(
                .malformed, file: folder, "\(folder): \(images.shape[0]) test images but labels of shape \(labels.shape)")
        }
        images /= 255
        return FashionMNISTWorkloadData(
            trainImages: Tensor(shape: [0, 28, 28, 1], scalars: []), trainLabels: Tensor(shape: [0], scalars: []),
            testImages: images.reshaped([-1, 28, 28, 1]), testLabels: labels, loadSeconds: (ContinuousClock.now - start).seconds)
    }

    /// Throws unless `images` are 28x28 grey images, the shape every workload's model takes.
    private static func checkImages(_ images: Tensor, name: String) throws {
        guard images.rank == 4, Array(images.shape.dropFirst()) == [28, 28, 1] else {
            throw DataError(
                .malformed, file: name,
                "\(name): the workloads take 28x28 grey images, got samples of shape \(Array(images.shape.dropFirst()))")
        }
    }

    /// The first `count` training samples (or the test samples), shaped for `workload`.
    func samples(for workload: PeerWorkload, count: Int? = nil, test: Bool = false) -> (x: Tensor, y: Tensor) {
        let images = test ? testImages : trainImages
        let labels = test ? testLabels : trainLabels
        let n = Swift.min(count ?? images.shape[0], images.shape[0])
        let x = images.rows(0..<n)
        return (workload.takesImages ? x : x.reshaped([n, 784]), labels.rows(0..<n))
    }
}
