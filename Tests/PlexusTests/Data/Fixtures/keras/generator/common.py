"""What every group of Keras fixture cases shares: a case's description, running it in Keras, and
writing its fixture file.

A case is a small Keras model (built from `keras_layers`, with the matching Plexus `--layers`
specification in `plexus_layers`), its initial weights (Keras's own initialisation under `seed`),
a few batches made from `seed`, the loss and optimizer in Plexus's model-file form. Running it
calls `train_on_batch` once per batch, recording the loss each call returns, then records the
final `get_weights()` and `model.predict` on held-out inputs. The Swift side
(Tests/PlexusTests/Layers/KerasFixture.swift) replays the same steps with `trainOnBatch`.
"""
import json
import os
from dataclasses import dataclass, field
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

FORMAT = "plexus-keras-fixture"
VERSION = 1
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the keras/ fixture folder


@dataclass
class Case:
    """One fixture: a model, its data, its training settings.

    - name: the file name (without .json), unique within the group.
    - input_shape: one sample's shape, without the batch axis.
    - plexus_layers: the same layers as a Plexus `--layers` specification (LayerSpecification).
    - keras_layers: a function returning the Keras layers, in order (no Input layer).
    - loss: Plexus's model-file form, e.g. {"name": "mean_squared_error"} or
      {"name": "sparse_categorical_crossentropy", "from_logits": True}.
    - optimizer: Plexus's model-file form (keys name, learning_rate, beta1, beta2, epsilon,
      momentum, nesterov, rho, weight_decay); `keras_optimizer` turns it into Keras's.
    - labels: "classes:K" (class indices 0..K-1), "onehot:K", "binary", or "regression"
      (standard normal targets of the output's shape).
    - make_inputs: optional function (rng, shape) -> float32 inputs, for layers that need
      special inputs (integer indices for an embedding, say); standard normal by default.
    """
    name: str
    description: str
    input_shape: tuple
    plexus_layers: str
    keras_layers: Callable[[], list]
    loss: dict
    optimizer: dict
    labels: str
    batch_size: int = 8
    steps: int = 4
    predict_rows: int = 5
    seed: int = 1
    make_inputs: Callable | None = None
    notes: list = field(default_factory=list)


def keras_loss(loss):
    """Keras's loss for Plexus's model-file form of one."""
    name, logits = loss["name"], loss.get("from_logits", False)
    if name == "mean_squared_error":
        return keras.losses.MeanSquaredError()
    if name == "sparse_categorical_crossentropy":
        return keras.losses.SparseCategoricalCrossentropy(from_logits=logits)
    if name == "categorical_crossentropy":
        return keras.losses.CategoricalCrossentropy(from_logits=logits)
    if name == "binary_crossentropy":
        return keras.losses.BinaryCrossentropy(from_logits=logits)
    raise ValueError(f"no Keras loss for {loss}")


def keras_optimizer(settings):
    """Keras's optimizer for Plexus's model-file form of one (Keras's defaults where unset)."""
    name, lr = settings["name"], settings["learning_rate"]
    adam_like = dict(beta_1=settings.get("beta1", 0.9), beta_2=settings.get("beta2", 0.999),
                     epsilon=settings.get("epsilon", 1e-7))
    if name == "adam":
        return keras.optimizers.Adam(learning_rate=lr, **adam_like)
    if name == "adamw":
        return keras.optimizers.AdamW(learning_rate=lr, weight_decay=settings.get("weight_decay", 0.004), **adam_like)
    if name in ("SGD", "sgd"):
        return keras.optimizers.SGD(learning_rate=lr, momentum=settings.get("momentum", 0.0),
                                    nesterov=settings.get("nesterov", False))
    if name == "rmsprop":
        return keras.optimizers.RMSprop(learning_rate=lr, rho=settings.get("rho", 0.9),
                                        epsilon=settings.get("epsilon", 1e-7))
    raise ValueError(f"no Keras optimizer for {settings}")


def make_labels(kind, rng, rows, output_shape):
    """Labels of the given kind for `rows` samples (float32, as Plexus takes them)."""
    if kind.startswith("classes:"):
        return rng.integers(0, int(kind.split(":")[1]), size=rows).astype(np.float32)
    if kind.startswith("onehot:"):
        classes = int(kind.split(":")[1])
        return np.eye(classes, dtype=np.float32)[rng.integers(0, classes, size=rows)]
    if kind == "binary":
        return rng.integers(0, 2, size=(rows, *output_shape)).astype(np.float32)
    if kind == "regression":
        return rng.standard_normal((rows, *output_shape)).astype(np.float32)
    raise ValueError(f"unknown labels '{kind}'")


def shortest(value):
    """A float32 as the shortest decimal that reads back as the same float32."""
    value = np.float32(value)
    decimal = float(np.format_float_positional(value, unique=True, trim="-"))
    assert np.float32(decimal) == value, f"{value} does not survive JSON"
    return decimal


def tensor(array):
    """A float32 array as {"shape", "values"}: values flat, row-major, each the shortest
    decimal that reads back as the same float32."""
    array = np.asarray(array, dtype=np.float32)
    assert np.isfinite(array).all(), "a fixture holds finite numbers only"
    return {"shape": list(array.shape), "values": [shortest(v) for v in array.reshape(-1)]}


def without_state_updates(model, compute):
    """compute(), with the layers' non-trainable weights put back afterwards: a forward pass in
    training mode moves BatchNormalization's moving statistics, and the checks around
    train_on_batch must not add updates the replay does not make."""
    state = [weight for layer in model.layers for weight in layer.non_trainable_weights]
    saved = [weight.numpy() for weight in state]
    result = compute()
    for weight, value in zip(state, saved):
        weight.assign(value)
    return result


def run(case, group):
    """Runs `case` in Keras and returns the fixture as a dictionary."""
    keras.utils.set_random_seed(case.seed)
    rng = np.random.default_rng(case.seed)
    model = keras.Sequential([keras.Input(shape=case.input_shape), *case.keras_layers()])
    loss = keras_loss(case.loss)
    model.compile(loss=loss, optimizer=keras_optimizer(case.optimizer))
    initial = model.get_weights()
    output_shape = tuple(model.output_shape[1:])

    def inputs(rows):
        if case.make_inputs is not None:
            return np.asarray(case.make_inputs(rng, (rows, *case.input_shape)), dtype=np.float32)
        return rng.standard_normal((rows, *case.input_shape)).astype(np.float32)

    batches, losses = [], []
    for _ in range(case.steps):
        x = inputs(case.batch_size)
        y = make_labels(case.labels, rng, case.batch_size, output_shape)
        # The batch's loss at the weights before the step, with the layers' weight penalties
        # (model.losses), which Keras's compute_loss adds. Computed without moving the
        # non-trainable state (see without_state_updates).
        def total_loss():
            data_loss = float(loss(y, model(x, training=True)))
            return data_loss + sum(float(penalty) for penalty in model.losses)
        before = without_state_updates(model, total_loss)
        returned = float(model.train_on_batch(x, y))
        after = without_state_updates(model, total_loss)
        # train_on_batch returns the loss of the forward pass its step differentiates: before the update.
        assert abs(returned - before) <= 1e-6 * max(1.0, abs(before)), (case.name, returned, before, after)
        assert returned != after, (case.name, "the step changed nothing")
        batches.append({"x": tensor(x), "y": tensor(y)})
        losses.append(shortest(returned))
    held_out = inputs(case.predict_rows)
    return {
        "format": FORMAT, "version": VERSION, "group": group, "name": case.name,
        "description": case.description, "notes": case.notes,
        "made_with": {"keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__,
                      "backend": keras.backend.backend()},
        "input_shape": list(case.input_shape),
        "plexus_layers": case.plexus_layers,
        "keras_layers": [type(layer).__name__ for layer in model.layers],
        "compile": {"loss": case.loss, "optimizer": case.optimizer, "metrics": []},
        "initial_weights": [tensor(w) for w in initial],
        "batches": batches,
        "losses": losses,
        "final_weights": [tensor(w) for w in model.get_weights()],
        "predict_x": tensor(held_out),
        "predictions": tensor(model.predict_on_batch(held_out)),
    }


def write(fixture):
    """Writes the fixture to keras/<group>/<name>.json (one line per top-level key)."""
    folder = os.path.join(HERE, fixture["group"])
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, fixture["name"] + ".json")
    lines = [f"  {json.dumps(key)}: {json.dumps(value, separators=(',', ':'))}" for key, value in fixture.items()]
    with open(path, "w") as file:
        file.write("{\n" + ",\n".join(lines) + "\n}\n")
    return path
