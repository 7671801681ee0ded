"""Checks a .keras file written by plexus against Keras 3.15's layout and against
`plexus predict`: python check_keras_file.py [--keras] MODEL.keras INPUTS.csv PLEXUS_PREDICTIONS.csv

Without --keras: h5py and NumPy only. The zip's members, config.json (a Sequential model, an
InputLayer, then the layers), the weight file (layers/<class in snake case>[_n]/vars/0..,
shapes and the `name` attributes), and a NumPy forward pass of the layers the digit lab uses
(Normalization, Dense) compared with plexus's probabilities within 1e-5.
With --keras: keras.models.load_model and model.predict instead of the NumPy forward pass.
"""
import io
import json
import re
import sys
import zipfile

import numpy as np


def snake(name):
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def numpy_forward(path, x):
    import h5py
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        assert names == ["metadata.json", "config.json", "model.weights.h5"], names
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
        metadata = json.loads(archive.read("metadata.json"))
        assert metadata["keras_version"] == "3.15.1", metadata
        config = json.loads(archive.read("config.json"))
        weights = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    assert config["class_name"] == "Sequential"
    layers = config["config"]["layers"]
    assert layers[0]["class_name"] == "InputLayer" and layers[0]["config"]["batch_shape"] == [None, 64]
    assert layers[1]["class_name"] == "Normalization", "the input scaling comes first"
    assert config["compile_config"]["loss"]["class_name"] == "SparseCategoricalCrossentropy"
    used = {}
    for layer in layers[1:]:
        base = snake(layer["class_name"])
        group = base if base not in used else f"{base}_{used[base] + 1}"
        used[base] = used.get(base, -1) + 1
        vars_ = weights[f"layers/{group}/vars"]
        assert vars_.attrs["name"] == layer["config"]["name"], (group, dict(vars_.attrs))
        values = [vars_[str(i)][()] for i in range(len(vars_))]
        settings = layer["config"]
        if layer["class_name"] == "Normalization":
            mean, variance, count = values
            assert count.dtype == np.int64 and mean.dtype == np.float32
            x = (x - mean) / np.maximum(np.sqrt(variance), 1e-7)
        elif layer["class_name"] == "Dense":
            kernel, bias = values
            assert kernel.shape == (x.shape[1], settings["units"]), kernel.shape
            x = x @ kernel + bias
            activation = settings["activation"]
            if activation == "relu":
                x = np.maximum(x, 0)
            else:
                assert activation == "linear", activation
        else:
            raise AssertionError(f"no NumPy forward pass for {layer['class_name']}")
        x = x.astype(np.float32)
    return x


def main(arguments):
    use_keras = arguments[0] == "--keras"
    path, inputs, predictions = arguments[1:] if use_keras else arguments
    x = np.loadtxt(inputs, delimiter=",", skiprows=1, dtype=np.float32)
    plexus = np.loadtxt(predictions, delimiter=",", skiprows=1)[:, 1:]
    if use_keras:
        import keras
        logits = keras.models.load_model(path).predict(x, verbose=0)
        who = "Keras " + keras.__version__
    else:
        logits = numpy_forward(path, x)
        who = "h5py + NumPy"
    difference = float(np.abs(softmax(logits.astype(np.float64)) - plexus).max())
    print(f"keras-files: {who} predicts what plexus predicts on {len(x)} raw digits, largest difference {difference:.2e}")
    sys.exit(0 if difference <= 1e-5 else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
