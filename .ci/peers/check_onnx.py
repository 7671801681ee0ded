"""(a) onnx.checker accepts the exported models; (b) ONNX Runtime predicts what plexus predict does.

The models (run_all.py) cover every layer type's ONNX nodes: Dense, Conv2D, the pools, Dropout,
Flatten, the input and target scaling, Embedding (Cast + Gather), GlobalAveragePooling1D
(ReduceMean), GlobalAveragePooling2D and GlobalMaxPooling2D (GlobalAveragePool, GlobalMaxPool),
Rescaling (Mul, Add) and Normalization (Sub, Div)."""
import os

import numpy as np
import onnx
import onnxruntime

from common import maximum_difference, plexus, read_predictions, require, write_features_csv

TOLERANCE = 1e-5


def check_model(binary, work, model, onnx_name, with_softmax):
    path = os.path.join(work, onnx_name)
    arguments = ["export", "--model", model, "--onnx", path] + (["--with-softmax"] if with_softmax else [])
    plexus(binary, *arguments)
    loaded = onnx.load(path)
    onnx.checker.check_model(loaded, full_check=True)
    operators = sorted({node.op_type for node in loaded.graph.node})
    return path, operators


def compare(binary, work, model, onnx_path, features, sample_shape, classification):
    """ONNX Runtime on raw features against plexus predict on the same raw CSV."""
    csv_path = os.path.join(work, "features.csv")
    output = os.path.join(work, os.path.basename(onnx_path) + ".predictions.csv")
    plexus(binary, "predict", "--model", model, "--input", csv_path, "--output", output)
    header, table = read_predictions(output)
    session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    x = features.reshape([features.shape[0], *sample_shape]).astype(np.float32)
    onnx_out = session.run(None, {"input": x})[0].reshape(features.shape[0], -1)
    if classification:
        probabilities = table[:, 1:]
        require(header[0] == "prediction" and header[1:] == [f"p_{k}" for k in range(probabilities.shape[1])], f"header {header}")
        if onnx_out.shape[1] == 1:  # one sigmoid output: p_1
            onnx_out = np.concatenate([1 - onnx_out, onnx_out], axis=1)
        require((np.argmax(onnx_out, axis=1) == table[:, 0]).all(), "predicted classes differ")
        difference = maximum_difference(onnx_out, probabilities)
    else:
        require(header == ["prediction"], f"header {header}")
        difference = maximum_difference(onnx_out[:, 0], table[:, 0])
        # Regression outputs are in target units (tens to hundreds): compare relative to their size.
        difference /= max(1.0, float(np.max(np.abs(table[:, 0]))))
    require(difference <= TOLERANCE, f"largest difference {difference:.3g} > {TOLERANCE}")
    return f"{features.shape[0]} samples, largest difference {difference:.2g}"


def add_checks(checks, binary, work, models):
    for name, (model, sample_shape, classification, features) in models.items():
        holder = {}

        def export(name=name, model=model, classification=classification):
            path, operators = check_model(binary, work, model, f"{name}.onnx", with_softmax=classification)
            holder["path"] = path
            return "operators " + ", ".join(operators)

        def predict(model=model, sample_shape=sample_shape, classification=classification, features=features):
            write_features_csv(os.path.join(work, "features.csv"), features)
            return compare(binary, work, model, holder["path"], features, sample_shape, classification)

        checks.run(f"(a) onnx.checker accepts the {name} model", export)
        checks.run(f"(b) onnxruntime equals plexus predict, {name} model", predict)


def add_keras_fixture_checks(checks, binary, work, names):
    """Keras's own Normalization files (kerasstate fixtures: inverted, per element of an image, per
    image row) loaded by plexus and exported to ONNX: ONNX Runtime gives Keras's recorded outputs."""
    import json

    from common import ROOT

    folder = os.path.join(ROOT, "Tests/PlexusTests/Data/Fixtures/keras/kerasstate")
    for name in names:
        def check(name=name):
            path, operators = check_model(binary, work, os.path.join(folder, f"{name}.keras"), f"{name}.onnx", with_softmax=False)
            with open(os.path.join(folder, f"{name}.json")) as file:
                fixture = json.load(file)
            x = np.array(fixture["inputs"]["values"], dtype=np.float32).reshape(fixture["inputs"]["shape"])
            expected = np.array(fixture["outputs"]["values"], dtype=np.float32).reshape(fixture["outputs"]["shape"])
            session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
            found = session.run(None, {"input": x})[0]
            difference = maximum_difference(found, expected) / max(1.0, float(np.max(np.abs(expected))))
            require(difference <= TOLERANCE, f"largest relative difference {difference:.3g} > {TOLERANCE}")
            return f"operators {', '.join(operators)}; largest relative difference {difference:.2g}"

        checks.run(f"onnxruntime gives Keras's outputs for Keras's {name} file, exported by plexus", check)
