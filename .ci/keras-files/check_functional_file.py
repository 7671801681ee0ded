"""Checks a functional .keras file written by plexus against Keras 3.15's layout and against
`plexus predict`: python check_functional_file.py [--keras] MODEL.keras PLEXUS_PREDICTIONS.csv INPUT.csv...

Without --keras: h5py and NumPy only. config.json (a Functional model: InputLayers, inbound
nodes, input_layers/output_layers), the weight groups named as Keras names them (per class, in
the order of the layers list, InputLayers and merge layers counted), and a NumPy forward pass of
the graph (Dense, BatchNormalization, Normalization and the merge layers) compared with plexus's
predictions within 1e-5. With --keras: keras.models.load_model and model.predict instead.
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


ACTIVATIONS = {"linear": lambda x: x, "relu": lambda x: np.maximum(x, 0), "tanh": np.tanh,
               "sigmoid": lambda x: 1 / (1 + np.exp(-x))}


def apply(layer, weights, args):
    kind, settings = layer["class_name"], layer["config"]
    if kind == "Dense":
        kernel, bias = weights
        return ACTIVATIONS[settings["activation"]](args[0] @ kernel + bias)
    if kind == "BatchNormalization":
        gamma, beta, mean, variance = weights
        return (args[0] - mean) / np.sqrt(variance + settings["epsilon"]) * gamma + beta
    if kind == "Normalization":
        mean, variance, _ = weights
        return (args[0] - mean) / np.maximum(np.sqrt(variance), 1e-7)
    merges = {"Add": lambda xs: sum(xs), "Subtract": lambda xs: xs[0] - xs[1], "Multiply": lambda xs: np.prod(xs, axis=0),
              "Maximum": lambda xs: np.max(xs, axis=0), "Average": lambda xs: np.mean(xs, axis=0),
              "Concatenate": lambda xs: np.concatenate(xs, axis=settings.get("axis", -1))}
    if kind in merges:
        return merges[kind](args[0])
    raise AssertionError(f"no NumPy forward pass for {kind}")


def numpy_forward(path, inputs):
    import h5py
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["metadata.json", "config.json", "model.weights.h5"], archive.namelist()
        config = json.loads(archive.read("config.json"))
        weights = h5py.File(io.BytesIO(archive.read("model.weights.h5")), "r")
    assert config["class_name"] == "Functional", config["class_name"]
    layers = config["config"]["layers"]
    used, values = {}, {}
    for layer in layers:
        base = snake(layer["class_name"])
        group = base if base not in used else f"{base}_{used[base] + 1}"
        used[base] = used.get(base, -1) + 1
        vars_ = weights[f"layers/{group}/vars"]
        assert vars_.attrs["name"] == layer["name"], (group, dict(vars_.attrs))
        layer["weights"] = [vars_[str(i)][()] for i in range(len(vars_))]
    histories = config["config"]["input_layers"]
    histories = histories if isinstance(histories[0], list) else [histories]
    for history, x in zip(histories, inputs):
        values[(history[0], 0)] = x
    calls = [(layer, index, node) for layer in layers for index, node in enumerate(layer["inbound_nodes"])]

    def resolve(value):
        if isinstance(value, list):
            return [resolve(item) for item in value]
        return values[tuple(value["config"]["keras_history"][:2])]

    while calls:  # each pass runs the calls whose inputs exist
        ready = [call for call in calls if all_known(call[2]["args"], values)]
        assert ready, "the graph has calls whose inputs never come"
        for layer, index, node in ready:
            values[(layer["name"], index)] = apply(layer, layer["weights"], resolve(node["args"])).astype(np.float32)
            calls.remove((layer, index, node))
    outputs = config["config"]["output_layers"]
    outputs = outputs if isinstance(outputs[0], list) else [outputs]
    return values[tuple(outputs[0][:2])]


def all_known(value, values):
    if isinstance(value, list):
        return all(all_known(item, values) for item in value)
    return tuple(value["config"]["keras_history"][:2]) in values


def main(arguments):
    use_keras = arguments[0] == "--keras"
    path, predictions, *input_paths = arguments[1:] if use_keras else arguments
    inputs = [np.loadtxt(p, delimiter=",", skiprows=1, dtype=np.float32, ndmin=2) for p in input_paths]
    plexus = np.loadtxt(predictions, delimiter=",", skiprows=1, ndmin=2)
    if use_keras:
        import keras
        outputs = keras.models.load_model(path).predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        who = "Keras " + keras.__version__
    else:
        outputs = numpy_forward(path, inputs)
        who = "h5py + NumPy"
    difference = float(np.abs(outputs.reshape(plexus.shape).astype(np.float64) - plexus).max())
    print(f"keras-files: {who} predicts what plexus predicts from a functional .keras file ({len(inputs)} inputs, "
          f"{len(plexus)} rows), largest difference {difference:.2e}")
    sys.exit(0 if difference <= 1e-5 else 1)


if __name__ == "__main__":
    main(sys.argv[1:])
