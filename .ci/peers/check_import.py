"""(d) Weights written by NumPy in PyTorch's layout import correctly: plexus predict with them
equals a NumPy forward pass written the way PyTorch computes (Linear: x @ W.T + b; Conv2d on
NCHW; flatten in channel, row, column order)."""
import os

import numpy as np
from safetensors.numpy import save_file

from common import maximum_difference, plexus, read_predictions, require, write_features_csv

TOLERANCE = 1e-5


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def conv2d_nchw(x, weight, bias):
    """PyTorch's Conv2d (stride 1, no padding) on NCHW, weight [out, in, kh, kw]."""
    n, c, h, w = x.shape
    out, _, kh, kw = weight.shape
    result = np.zeros((n, out, h - kh + 1, w - kw + 1), dtype=np.float64)
    for i in range(h - kh + 1):
        for j in range(w - kw + 1):
            patch = x[:, :, i:i + kh, j:j + kw].reshape(n, -1)
            result[:, :, i, j] = patch @ weight.reshape(out, -1).T + bias
    return result


def run(binary, work, name, layers, weights, forward, features):
    path = os.path.join(work, f"{name}.safetensors")
    save_file(weights, path)
    model = os.path.join(work, f"{name}.plexus")
    plexus(binary, "train", "--dataset", "digits", "--layers", layers, "--normalize", "none", "--epochs", "0",
           "--init-weights", path, "--layout", "pytorch", "--quiet", "--save", model)
    csv_path = os.path.join(work, f"{name}-features.csv")
    write_features_csv(csv_path, features)
    output = os.path.join(work, f"{name}-predictions.csv")
    plexus(binary, "predict", "--model", model, "--input", csv_path, "--output", output)
    _, table = read_predictions(output)
    expected = softmax(forward(features.astype(np.float64)))
    difference = maximum_difference(expected, table[:, 1:])
    require(difference <= TOLERANCE, f"largest difference {difference:.3g} > {TOLERANCE}")
    return f"largest difference {difference:.2g}"


def add_checks(checks, binary, work, features):
    generator = np.random.default_rng(7)

    def uniform(*shape):
        return generator.uniform(-0.3, 0.3, size=shape).astype(np.float32)

    dense = {"0.weight": uniform(25, 64), "0.bias": uniform(25), "2.weight": uniform(15, 25), "2.bias": uniform(15),
             "4.weight": uniform(10, 15), "4.bias": uniform(10)}

    def dense_forward(x):
        relu = lambda z: np.maximum(z, 0)
        h = relu(x @ dense["0.weight"].T.astype(np.float64) + dense["0.bias"])
        h = relu(h @ dense["2.weight"].T.astype(np.float64) + dense["2.bias"])
        return h @ dense["4.weight"].T.astype(np.float64) + dense["4.bias"]

    conv = {"conv.weight": uniform(3, 1, 3, 3), "conv.bias": uniform(3), "fc.weight": uniform(10, 3 * 6 * 6) / 4,
            "fc.bias": uniform(10)}

    def conv_forward(x):
        images = x.reshape(-1, 8, 8, 1).transpose(0, 3, 1, 2)  # NHWC pixels to PyTorch's NCHW
        h = np.maximum(conv2d_nchw(images, conv["conv.weight"].astype(np.float64), conv["conv.bias"]), 0)
        return h.reshape(h.shape[0], -1) @ conv["fc.weight"].T.astype(np.float64) + conv["fc.bias"]

    # A PyTorch state_dict of Linear, BatchNorm1d (with its int64 num_batches_tracked, which
    # is not a weight) and LayerNorm, in eval mode; PyTorch's epsilon 1e-5 given in the spec.
    norm = {"0.weight": uniform(25, 64), "0.bias": uniform(25),
            "1.weight": 1 + uniform(25), "1.bias": uniform(25), "1.running_mean": uniform(25) * 10,
            "1.running_var": 1 + np.abs(uniform(25)) * 20, "1.num_batches_tracked": np.array(12, dtype=np.int64),
            "3.weight": 1 + uniform(25), "3.bias": uniform(25), "4.weight": uniform(10, 25), "4.bias": uniform(10)}

    def norm_forward(x):
        f = lambda name: norm[name].astype(np.float64)
        h = x @ f("0.weight").T + f("0.bias")
        h = (h - f("1.running_mean")) / np.sqrt(f("1.running_var") + 1e-5) * f("1.weight") + f("1.bias")
        h = np.maximum(h, 0)
        mean, variance = h.mean(axis=1, keepdims=True), h.var(axis=1, keepdims=True)
        h = (h - mean) / np.sqrt(variance + 1e-5) * f("3.weight") + f("3.bias")
        return h @ f("4.weight").T + f("4.bias")

    checks.run("(d) PyTorch BatchNorm1d and LayerNorm weights import (num_batches_tracked skipped)",
               lambda: run(binary, work, "torch-norm", "25,batchnorm:0.9:1e-5,relu,layernorm:1e-5,10", norm, norm_forward,
                           features))
    checks.run("(d) PyTorch-layout dense weights from NumPy import correctly",
               lambda: run(binary, work, "torch-dense", "25:relu,15:relu,10", dense, dense_forward, features))
    checks.run("(d) PyTorch-layout conv weights (NCHW flatten) import correctly",
               lambda: run(binary, work, "torch-conv", "conv:3:3:relu,flatten,dense:10", conv, conv_forward, features))
