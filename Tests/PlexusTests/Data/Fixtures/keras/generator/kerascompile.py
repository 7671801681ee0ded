"""Models of two outputs saved by Keras with a loss and metrics per output, as their
compile_config holds them: metrics as a list with one entry per output, or keyed by output
name. Each comes with a batch and what Keras's evaluate reported on it (return_dict), which
Model.load(from:) and evaluate must match: the same score names, values within 1e-5.

Writes keras/kerascompile/<name>.keras and <name>.json ("inputs": [{"shape", "values"}],
"labels": one per output, "scores": Keras's evaluate as a dict).
"""
import json
import os

import keras
import numpy as np

from . import common

FOLDER = os.path.join(common.HERE, "kerascompile")


def two_outputs(metrics):
    """Class logits ("cls") and a value ("reg") from one hidden layer, a loss each."""
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(4, activation="relu")(inputs)
    model = keras.Model(inputs, [keras.layers.Dense(2, name="cls")(hidden), keras.layers.Dense(1, name="reg")(hidden)])
    model.compile(loss=[keras.losses.SparseCategoricalCrossentropy(from_logits=True), "mse"], loss_weights=[1, 0.5],
                  optimizer=keras.optimizers.Adam(learning_rate=0.01), metrics=metrics)
    return model


MODELS = {
    # One list per output, in output order; the value output reports two metrics.
    "metrics_per_output": [["accuracy"], ["mae", "mse"]],
    # Keyed by output name: the class output has none.
    "metrics_by_name": {"reg": ["mae"]},
}


def generate():
    os.makedirs(FOLDER, exist_ok=True)
    rng = np.random.default_rng(21)
    x = rng.normal(0, 1, (32, 3)).astype("float32")
    labels = [(x[:, 0] > 0).astype("float32"), (x[:, :1] * 2 + 1).astype("float32")]
    written = []
    for name, metrics in MODELS.items():
        keras.utils.set_random_seed(1)
        model = two_outputs(metrics)
        model.fit(x, labels, epochs=2, batch_size=8, verbose=0)
        path = os.path.join(FOLDER, f"{name}.keras")
        model.save(path)
        scores = model.evaluate(x, labels, batch_size=32, verbose=0, return_dict=True)
        fixture = {
            "format": "plexus-keras-compile-fixture", "version": 1, "name": name,
            "description": f"metrics={json.dumps(metrics)}",
            "made_with": {"keras": keras.__version__, "numpy": np.__version__, "backend": keras.backend.backend()},
            "inputs": [common.tensor(x)], "labels": [common.tensor(y) for y in labels],
            "scores": {key: float(value) for key, value in sorted(scores.items())},
        }
        json_path = os.path.join(FOLDER, f"{name}.json")
        with open(json_path, "w") as file:
            file.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in fixture.items()) + "\n}\n")
        written += [path, json_path]
    return written
