"""(c) Python's safetensors (NumPy) reads a saved model's weights with the right names and shapes."""
import json

import numpy as np
from safetensors import safe_open
from safetensors.numpy import load_file

from common import require


def check_saved_model(path, expected_shapes):
    tensors = load_file(path)
    for name, shape in expected_shapes.items():
        require(name in tensors, f"no tensor {name}; the file holds {sorted(tensors)}")
        require(tensors[name].shape == shape, f"{name} has shape {tensors[name].shape}, expected {shape}")
        require(tensors[name].dtype == np.float32, f"{name} is {tensors[name].dtype}")
    with safe_open(path, framework="numpy") as file:
        metadata = file.metadata()
    require(metadata["format"] == "plexus" and metadata["format_version"] == "1", f"metadata {metadata}")
    architecture = json.loads(metadata["architecture"])
    names = [layer["name"] for layer in architecture["layers"]]
    weight_layers = sorted({name.rsplit(".", 1)[0] for name in expected_shapes if not name.startswith("preprocessing.")})
    require(set(weight_layers) <= set(names), f"layers {names} do not include {weight_layers}")
    return f"{len(tensors)} tensors, layers {names}"


def add_checks(checks, dense_model, conv_model):
    checks.run("(c) safetensors reads the dense model", lambda: check_saved_model(dense_model, {
        "dense.kernel": (64, 25), "dense.bias": (25,), "dense_1.kernel": (25, 15), "dense_1.bias": (15,),
        "dense_2.kernel": (15, 10), "dense_2.bias": (10,),
        "preprocessing.input.offset": (64,), "preprocessing.input.scale": (64,),
    }))
    checks.run("(c) safetensors reads the conv model", lambda: check_saved_model(conv_model, {
        "conv2d.kernel": (3, 3, 1, 4), "conv2d.bias": (4,), "conv2d_1.kernel": (3, 3, 4, 6),
        "dense.kernel": (6, 16), "dense_1.kernel": (16, 10), "dense_1.bias": (10,),
    }))
