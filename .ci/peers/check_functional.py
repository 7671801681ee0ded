"""A functional model (two inputs, a shared layer, every merge layer, BatchNormalization) saved by
Plexus (models/functional-two-inputs.plexus, written by ModelONNXTests.writePeerModel): (a)
onnx.checker accepts its export, with two graph inputs and ONNX's merge operators; (b) ONNX Runtime
predicts what `plexus predict --input a.csv --input b.csv` does."""
import os

import numpy as np
import onnx
import onnxruntime

from common import ROOT, maximum_difference, plexus, read_predictions, require, write_features_csv

MODEL = os.path.join(ROOT, ".ci/peers/models/functional-two-inputs.plexus")
TOLERANCE = 1e-5


def add_checks(checks, binary, work):
    onnx_path = os.path.join(work, "functional.onnx")

    def export():
        plexus(binary, "export", "--model", MODEL, "--onnx", onnx_path)
        loaded = onnx.load(onnx_path)
        onnx.checker.check_model(loaded, full_check=True)
        inputs = [value.name for value in loaded.graph.input]
        require(inputs == ["input_0", "input_1"], f"graph inputs {inputs}")
        operators = sorted({node.op_type for node in loaded.graph.node})
        for wanted in ["Add", "Sub", "Mul", "Max", "Div", "Concat", "BatchNormalization"]:
            require(wanted in operators, f"no {wanted} among {operators}")
        return "operators " + ", ".join(operators)

    def predict():
        rng = np.random.default_rng(3)
        a = rng.standard_normal((50, 4)).astype(np.float32)
        b = rng.standard_normal((50, 3)).astype(np.float32)
        paths = [os.path.join(work, "functional-a.csv"), os.path.join(work, "functional-b.csv")]
        write_features_csv(paths[0], a)
        write_features_csv(paths[1], b)
        output = os.path.join(work, "functional.predictions.csv")
        plexus(binary, "predict", "--model", MODEL, "--input", paths[0], "--input", paths[1], "--output", output)
        header, table = read_predictions(output)
        require(header == ["prediction"], f"header {header}")
        session = onnxruntime.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
        onnx_out = session.run(None, {"input_0": a, "input_1": b})[0]
        difference = maximum_difference(onnx_out[:, 0], table[:, 0])
        require(difference <= TOLERANCE, f"largest difference {difference:.3g} > {TOLERANCE}")
        return f"50 samples, largest difference {difference:.2g}"

    checks.run("(a) onnx.checker accepts the two-input functional model", export)
    checks.run("(b) onnxruntime equals plexus predict --input --input, functional model", predict)
