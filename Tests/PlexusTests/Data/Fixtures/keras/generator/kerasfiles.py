"""The .keras model files: small models saved by Keras itself with model.save, each with the
inputs it was given and Keras's own predictions for them, for Sequential.load(from:) and
`plexus predict --model FILE.keras` to match (within 1e-5).

Writes keras/kerasfiles/<name>.keras and keras/kerasfiles/<name>.json, the JSON holding
"inputs" and "outputs" (model.predict) as {"shape", "values"}, and "probabilities": what
`plexus predict` prints as p_0... (the softmax of the outputs when the loss is from logits,
the outputs themselves otherwise).
"""
import json
import os

import keras
import numpy as np

from . import common

FOLDER = os.path.join(common.HERE, "kerasfiles")


def mlp():
    """An MLP on raw inputs in 0..10: Rescaling, Dense, Dropout, Dense (tanh), Dense (logits)."""
    model = keras.Sequential([
        keras.Input((6,)),
        keras.layers.Rescaling(0.1, offset=-0.5),
        keras.layers.Dense(16, activation="relu"),
        keras.layers.Dropout(0.25),
        keras.layers.Dense(8, activation="tanh"),
        keras.layers.Dense(3),
    ], name="mlp")
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                  optimizer=keras.optimizers.Adam(learning_rate=0.01), metrics=["accuracy"])
    rng = np.random.default_rng(7)
    x = rng.uniform(0, 10, (64, 6)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 10).astype("int64") + (x[:, 2] > 5)
    return model, x, y, True


def cnn():
    """A CNN with BatchNormalization: Conv2D, BatchNormalization, MaxPooling2D, Conv2D (strided,
    same padding), Flatten, Dense (softmax)."""
    model = keras.Sequential([
        keras.Input((8, 8, 1)),
        keras.layers.Conv2D(4, 3, activation="relu"),
        keras.layers.BatchNormalization(),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(3, 2, strides=2, padding="same"),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ], name="cnn")
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9), metrics=["accuracy"])
    rng = np.random.default_rng(8)
    x = rng.normal(0, 1, (64, 8, 8, 1)).astype("float32")
    y = (x[:, :4].mean(axis=(1, 2, 3)) > 0).astype("int64") + (x[:, :, :4].mean(axis=(1, 2, 3)) > 0)
    return model, x, y, False


def mixed():
    """More layer classes: AveragePooling2D, Conv2D with an L2 penalty, LayerNormalization,
    GlobalAveragePooling2D, Reshape, Activation, Dense (sigmoid), compiled for binary
    cross-entropy with RMSprop."""
    model = keras.Sequential([
        keras.Input((6, 6, 2)),
        keras.layers.AveragePooling2D(2, strides=1),
        keras.layers.Conv2D(4, 3, padding="same", kernel_regularizer=keras.regularizers.L2(0.01)),
        keras.layers.LayerNormalization(epsilon=1e-4),
        keras.layers.Activation("relu"),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Reshape((2, 2)),
        keras.layers.Flatten(),
        keras.layers.Dense(1, activation="sigmoid"),
    ], name="mixed")
    model.compile(loss="binary_crossentropy", optimizer=keras.optimizers.RMSprop(learning_rate=0.01),
                  metrics=["accuracy"])
    rng = np.random.default_rng(9)
    x = rng.normal(0, 1, (32, 6, 6, 2)).astype("float32")
    y = (x.mean(axis=(1, 2, 3)) > 0).astype("float32")
    return model, x, y, False


MODELS = {"mlp": mlp, "cnn": cnn, "mixed": mixed}


def generate():
    os.makedirs(FOLDER, exist_ok=True)
    written = []
    for name, make in MODELS.items():
        keras.utils.set_random_seed(1)
        model, x, y, from_logits = make()
        model.fit(x, y, epochs=3, batch_size=16, verbose=0)  # moves the weights and BN statistics
        path = os.path.join(FOLDER, f"{name}.keras")
        model.save(path)
        inputs = x[:5]
        outputs = model.predict(inputs, verbose=0)
        if from_logits:
            shifted = np.exp(outputs - outputs.max(axis=1, keepdims=True))
            probabilities = shifted / shifted.sum(axis=1, keepdims=True)
        else:
            probabilities = outputs
        fixture = {
            "format": "plexus-keras-file-fixture", "version": 1, "name": name,
            "description": (make.__doc__ or "").strip().replace("\n   ", ""),
            "made_with": {"keras": keras.__version__, "numpy": np.__version__, "backend": keras.backend.backend()},
            "inputs": common.tensor(inputs), "outputs": common.tensor(outputs),
            "probabilities": common.tensor(probabilities),
        }
        json_path = os.path.join(FOLDER, f"{name}.json")
        with open(json_path, "w") as file:
            file.write("{\n" + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, separators=(',', ':'))}" for k, v in fixture.items()) + "\n}\n")
        written += [path, json_path]
    return written
