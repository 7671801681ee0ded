extension Datasets {
    /// Where ``fashionMNIST(directory:)`` looks when given no folder and
    /// `PLEXUS_FASHION_MNIST` is not set: where Debian's `dataset-fashion-mnist` package puts it.
    public static let fashionMNISTDefaultDirectory = "/usr/share/datasets/fashion-mnist"

    /// The environment variable that can name the Fashion-MNIST folder.
    public static let fashionMNISTEnvironmentVariable = "PLEXUS_FASHION_MNIST"

    /// The ten classes of Fashion-MNIST, in label order.
    public static let fashionMNISTClassNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]

    /// Fashion-MNIST (Zalando): 60,000 training and 10,000 test images of clothing, 28x28 grey
    /// pixels with values 0...255, in 10 classes (``fashionMNISTClassNames``).
    ///
    /// ```swift
    /// let (train, test) = try Datasets.fashionMNIST()   // features [60000, 28, 28, 1] and [10000, 28, 28, 1]
    /// let scaledTrain = train.mappingFeatures { $0 / 255 }
    /// ```
    ///
    /// Not bundled (31 MB): it is read from `directory` if given, else from the folder named
    /// by the environment variable `PLEXUS_FASHION_MNIST`, else from
    /// `/usr/share/datasets/fashion-mnist`, where `apt-get install -y dataset-fashion-mnist`
    /// puts it on Debian and Ubuntu. The folder holds the four files
    /// `train-images-idx3-ubyte.gz`, `train-labels-idx1-ubyte.gz`, `t10k-images-idx3-ubyte.gz`
    /// and `t10k-labels-idx1-ubyte.gz` (see ``idxFolder(_:classNames:name:)``).
    /// - Throws: ``DataError`` that says how to install the data when they are not there, or
    ///   names the file that cannot be read.
    public static func fashionMNIST(directory: String? = nil) throws -> (train: Dataset, test: Dataset) {
        let (folder, origin) = fashionMNISTChoice(directory: directory)
        let expanded = expandingTilde(folder)
        if FileBytes.exists(expanded), let problem = FileBytes.folderProblem(expanded) {
            throw DataError(
                .ioFailure, file: folder, "\(folder) (\(origin)): \(problem); Fashion-MNIST needs a folder with its four IDX files")
        }
        let firstFile = "\(expanded)/train-images-idx3-ubyte.gz"
        let installed =
            FileBytes.isDirectory(expanded)
            && ["train-images-idx3-ubyte", "train-images.idx3-ubyte"].contains {
                FileBytes.exists("\(expanded)/\($0).gz") || FileBytes.exists("\(expanded)/\($0)")
            }
        guard installed else {
            throw DataError(
                .fileNotFound, file: firstFile,
                """
                Fashion-MNIST is not installed: no train-images-idx3-ubyte.gz in \(folder) (\(origin)). \
                Install it with `apt-get install -y dataset-fashion-mnist` (Debian/Ubuntu), or set \
                \(fashionMNISTEnvironmentVariable) to a folder with the four files train-images-idx3-ubyte.gz, \
                train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz \
                (from https://github.com/zalandoresearch/fashion-mnist).
                """)
        }
        return try idxFolder(expanded, classNames: fashionMNISTClassNames, name: "fashion-mnist")
    }

    /// Whether Fashion-MNIST is where ``fashionMNIST(directory:)`` would look by default.
    public static var isFashionMNISTInstalled: Bool {
        let folder = fashionMNISTFolder()
        return FileBytes.exists("\(folder)/train-images-idx3-ubyte.gz") || FileBytes.exists("\(folder)/train-images-idx3-ubyte")
    }

    /// The folder ``fashionMNIST(directory:)`` reads, `~` expanded: `directory` if given, else
    /// the one `PLEXUS_FASHION_MNIST` names, else ``fashionMNISTDefaultDirectory``. For reading
    /// some of its files only (the test split, say) from the same place.
    public static func fashionMNISTFolder(directory: String? = nil) -> String {
        expandingTilde(fashionMNISTChoice(directory: directory).folder)
    }

    /// The folder to read and where its name came from, for messages.
    private static func fashionMNISTChoice(directory: String?) -> (folder: String, origin: String) {
        if let directory { return (directory, "the folder given") }
        if let variable = Environment.value(of: fashionMNISTEnvironmentVariable) {
            return (variable, fashionMNISTEnvironmentVariable)
        }
        return (fashionMNISTDefaultDirectory, "the default folder")
    }
}
