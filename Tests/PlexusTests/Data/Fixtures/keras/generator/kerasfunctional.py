"""Functional models in .keras files: saved by Keras with model.save, each with its inputs
(one tensor per model input) and Keras's own predictions, for Model.load(from:) and
`plexus predict --model FILE.keras` to match (within 1e-5).

Writes keras/kerasfunctional/<name>.keras and <name>.json ("inputs": a list of {"shape",
"values"}, one per model input; "outputs": model.predict's output).
"""
import json
import os

import keras
import numpy as np

from . import common

FOLDER = os.path.join(common.HERE, "kerasfunctional")


def residual():
    """A residual block: Dense, BatchNormalization, Dense, Add (skip connection), Dense (logits)."""
    inputs = keras.Input((6,))
    h = keras.layers.Dense(8, activation="relu")(inputs)
    h = keras.layers.BatchNormalization()(h)
    g = keras.layers.Dense(8, activation="tanh")(h)
    s = keras.layers.Add()([h, g])
    outputs = keras.layers.Dense(3)(s)
    model = keras.Model(inputs, outputs, name="residual")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.01), metrics=["accuracy"])
    rng = np.random.default_rng(11)
    x = rng.normal(0, 1, (64, 6)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)
    return model, [x], y


def two_inputs():
    """Two inputs: Dense on the first, Concatenate with the second, Dense (sigmoid)."""
    a = keras.Input((5,), name="features")
    b = keras.Input((3,), name="extra")
    h = keras.layers.Dense(4, activation="relu")(a)
    m = keras.layers.Concatenate()([h, b])
    outputs = keras.layers.Dense(1, activation="sigmoid")(m)
    model = keras.Model([a, b], outputs, name="two_inputs")
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.SGD(learning_rate=0.05))
    rng = np.random.default_rng(12)
    xa = rng.normal(0, 1, (32, 5)).astype("float32")
    xb = rng.normal(0, 1, (32, 3)).astype("float32")
    y = (xa[:, 0] + xb[:, 0] > 0).astype("float32")
    return model, [xa, xb], y


MODELS = {"residual": residual, "two_inputs": two_inputs}


def generate():
    os.makedirs(FOLDER, exist_ok=True)
    written = []
    for name, make in MODELS.items():
        keras.utils.set_random_seed(1)
        model, xs, y = make()
        data = xs if len(xs) > 1 else xs[0]  # one input goes as a tensor, not a list of one
        model.fit(data, y, epochs=3, batch_size=16, verbose=0)
        path = os.path.join(FOLDER, f"{name}.keras")
        model.save(path)
        inputs = [x[:5] for x in xs]
        outputs = model.predict(inputs if len(inputs) > 1 else inputs[0], verbose=0)
        fixture = {
            "format": "plexus-keras-functional-fixture", "version": 1, "name": name,
            "description": (make.__doc__ or "").strip().replace("\n   ", ""),
            "made_with": {"keras": keras.__version__, "numpy": np.__version__, "backend": keras.backend.backend()},
            "inputs": [common.tensor(x) for x in inputs], "outputs": common.tensor(outputs),
        }
        json_path = os.path.join(FOLDER, f"{name}.json")
        with open(json_path, "w") as file:
            file.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in fixture.items()) + "\n}\n")
        written += [path, json_path]
    return written
