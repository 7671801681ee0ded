""".keras files with state beyond the layers' weights: Normalization layers given their mean
and variance at construction (kept in config.json) or adapted (kept as the weights mean,
variance, count; also inverted, and keeping other axes than the last), and optimizers saved after a few steps (model.weights.h5's optimizer/vars:
iteration, learning rate, then each trainable variable's slots in Keras's order).

Writes keras/kerasstate/<name>.keras and <name>.json: "inputs" and Keras's "outputs" for them;
for the optimizer cases also "batch" (x and y of one more step), "next_loss" (the loss on that
batch after Keras, having loaded the file, took one train_on_batch step on it) and
"next_outputs" (the predictions on "inputs" after that step), for Plexus to match.
"""
import json
import os

import keras
import numpy as np

from . import common

FOLDER = os.path.join(common.HERE, "kerasstate")


def normalization_config():
    """Normalization given mean and variance at construction (in config.json), Dense (tanh), Dense."""
    model = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Normalization(mean=[1.0, -2.0, 30.0, 0.5], variance=[4.0, 0.25, 100.0, 1.0]),
        keras.layers.Dense(5, activation="tanh"),
        keras.layers.Dense(2),
    ], name="normalization_config")
    rng = np.random.default_rng(21)
    x = (rng.normal(0, 1, (32, 4)) * [2, 0.5, 10, 1] + [1, -2, 30, 0.5]).astype("float32")
    return model, x, None


def normalization_adapted():
    """Normalization adapted to data (weights mean, variance, count), Dense (relu), Dense."""
    rng = np.random.default_rng(22)
    x = (rng.normal(0, 1, (32, 3)) * [5, 1, 0.1] + [10, 0, -1]).astype("float32")
    normalization = keras.layers.Normalization()
    normalization.adapt(x)
    model = keras.Sequential([
        keras.Input((3,)), normalization, keras.layers.Dense(4, activation="relu"), keras.layers.Dense(2),
    ], name="normalization_adapted")
    return model, x, None


def normalization_inverted():
    """Dense (tanh), Dense, then a Normalization with invert=True adapted to the targets: predictions in their units."""
    rng = np.random.default_rng(25)
    x = rng.normal(0, 1, (32, 3)).astype("float32")
    targets = (rng.normal(0, 1, (32, 2)) * [50, 0.2] + [1000, -3]).astype("float32")
    denormalize = keras.layers.Normalization(invert=True)
    denormalize.adapt(targets)
    model = keras.Sequential([
        keras.Input((3,)), keras.layers.Dense(4, activation="tanh"), keras.layers.Dense(2), denormalize,
    ], name="normalization_inverted")
    return model, x, None


def normalization_image():
    """Normalization of each element of an image (axis [1, 2, 3]) adapted to images, Conv2D (relu), Flatten, Dense."""
    rng = np.random.default_rng(26)
    x = (rng.uniform(0, 255, (32, 6, 5, 2)) * np.linspace(0.5, 1.5, 5)[None, None, :, None]).astype("float32")
    normalization = keras.layers.Normalization(axis=[1, 2, 3])
    normalization.adapt(x)
    model = keras.Sequential([
        keras.Input((6, 5, 2)), normalization, keras.layers.Conv2D(3, 3, activation="relu"),
        keras.layers.Flatten(), keras.layers.Dense(2),
    ], name="normalization_image")
    return model, x, None


def normalization_rows():
    """Normalization keeping the image rows (axis 1: one mean and variance per row over columns and channels), Flatten, Dense."""
    rng = np.random.default_rng(27)
    x = (rng.normal(0, 1, (32, 6, 5, 2)) * np.arange(1, 7)[None, :, None, None] + np.arange(6)[None, :, None, None] * 10).astype("float32")
    normalization = keras.layers.Normalization(axis=1)
    normalization.adapt(x)
    model = keras.Sequential([
        keras.Input((6, 5, 2)), normalization, keras.layers.Flatten(), keras.layers.Dense(2),
    ], name="normalization_rows")
    return model, x, None


def adam_steps():
    """Dense (relu), Dense (logits), compiled with Adam and trained 6 steps: the optimizer's state is saved."""
    model = keras.Sequential([
        keras.Input((5,)), keras.layers.Dense(6, activation="relu"), keras.layers.Dense(3),
    ], name="adam_steps")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.02))
    rng = np.random.default_rng(23)
    x = rng.normal(0, 1, (48, 5)).astype("float32")
    y = (x[:, 0] > 0).astype("int64") + (x[:, 1] > 0)
    return model, x, y


def sgd_momentum_steps():
    """Dense (tanh), Dense, compiled with SGD (momentum 0.9) for mean squared error, trained 6 steps."""
    model = keras.Sequential([
        keras.Input((4,)), keras.layers.Dense(5, activation="tanh"), keras.layers.Dense(1),
    ], name="sgd_momentum_steps")
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9))
    rng = np.random.default_rng(24)
    x = rng.normal(0, 1, (48, 4)).astype("float32")
    y = (x[:, :1] * 2 - x[:, 1:2]).astype("float32")
    return model, x, y


MODELS = {
    "normalization_config": normalization_config, "normalization_adapted": normalization_adapted,
    "normalization_inverted": normalization_inverted, "normalization_image": normalization_image,
    "normalization_rows": normalization_rows,
    "adam_steps": adam_steps, "sgd_momentum_steps": sgd_momentum_steps,
}


def generate():
    os.makedirs(FOLDER, exist_ok=True)
    written = []
    for name, make in MODELS.items():
        keras.utils.set_random_seed(1)
        model, x, y = make()
        fixture = {
            "format": "plexus-keras-state-fixture", "version": 1, "name": name,
            "description": (make.__doc__ or "").strip().replace("\n   ", ""),
            "made_with": {"keras": keras.__version__, "numpy": np.__version__, "backend": keras.backend.backend()},
        }
        if y is not None:
            model.fit(x[:32], y[:32], epochs=1, batch_size=16, verbose=0, shuffle=False)
            model.fit(x[:32], y[:32], epochs=2, batch_size=16, verbose=0, shuffle=False)
        path = os.path.join(FOLDER, f"{name}.keras")
        model.save(path)
        inputs = x[:5]
        fixture["inputs"] = common.tensor(inputs)
        fixture["outputs"] = common.tensor(model.predict(inputs, verbose=0))
        if y is not None:
            # One more step, taken by a model loaded from the file: what Plexus must reproduce.
            loaded = keras.models.load_model(path)
            batch_x, batch_y = x[32:48], y[32:48]
            loaded.train_on_batch(batch_x, batch_y)
            fixture["batch"] = {"x": common.tensor(batch_x), "y": common.tensor(batch_y)}
            fixture["next_loss"] = float(loaded.test_on_batch(batch_x, batch_y))
            fixture["next_outputs"] = common.tensor(loaded.predict(inputs, verbose=0))
            fixture["iterations"] = int(loaded.optimizer.iterations.numpy())
        json_path = os.path.join(FOLDER, f"{name}.json")
        with open(json_path, "w") as file:
            file.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in fixture.items()) + "\n}\n")
        written += [path, json_path]
    return written
