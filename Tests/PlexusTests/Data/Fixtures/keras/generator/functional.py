"""Functional models (keras.Model(inputs, outputs)) through train_on_batch: a residual MLP with
Add and BatchNormalization, a residual CNN, a two-input model with Concatenate, a shared layer
with every other merge, and a two-output model with one loss per output and loss weights.

These fixtures have a form of their own (format "plexus-keras-functional-fixture"): several
inputs and outputs, so each batch holds a list of x and a list of y. The Swift side
(Tests/PlexusTests/Functional/FunctionalKerasTests.swift) builds the same graph in code, by the
case's name, with Input/Model and the merge layers, and replays the steps."""
from dataclasses import dataclass, field
from typing import Callable

import keras
import numpy as np
import tensorflow as tf

from .common import FORMAT, VERSION, keras_loss, keras_optimizer, make_labels, shortest, tensor, without_state_updates

L = keras.layers
SPARSE_LOGITS = {"name": "sparse_categorical_crossentropy", "from_logits": True}
MSE = {"name": "mean_squared_error"}


@dataclass
class GraphCase:
    """One functional fixture. `build` returns (inputs, outputs) of Keras tensors; `losses` and
    `labels` have one entry per output; `loss_weights` is optional."""
    name: str
    description: str
    build: Callable
    losses: list
    labels: list
    optimizer: dict
    loss_weights: list | None = None
    batch_size: int = 8
    steps: int = 4
    predict_rows: int = 5
    seed: int = 1
    notes: list = field(default_factory=list)


def residual_mlp():
    x = keras.Input(shape=(6,))
    h1 = L.Dense(8, activation="relu")(x)
    h2 = L.Dense(8, activation="relu")(h1)
    merged = L.BatchNormalization()(L.Add()([h1, h2]))
    return [x], [L.Dense(3)(merged)]


def residual_cnn():
    x = keras.Input(shape=(6, 6, 2))
    c1 = L.Conv2D(4, 3, padding="same", activation="relu")(x)
    c2 = L.BatchNormalization()(L.Conv2D(4, 3, padding="same")(c1))
    block = L.Activation("relu")(L.Add()([c1, c2]))
    return [x], [L.Dense(3)(L.GlobalAveragePooling2D()(block))]


def two_inputs():
    a = keras.Input(shape=(5,))
    b = keras.Input(shape=(3,))
    da = L.Dense(4, activation="relu")(a)
    joined = L.Concatenate(axis=-1)([da, b])
    return [a, b], [L.Dense(2)(L.Dense(6, activation="tanh")(joined))]


def shared_merges():
    a = keras.Input(shape=(4,))
    b = keras.Input(shape=(4,))
    shared = L.Dense(3, activation="tanh")
    sa, sb = shared(a), shared(b)
    merged = L.Concatenate(axis=-1)([
        L.Subtract()([sa, sb]), L.Multiply()([sa, sb]), L.Maximum()([sa, sb]), L.Average()([sa, sb, sa])])
    return [a, b], [L.Dense(2)(merged)]


def two_outputs():
    x = keras.Input(shape=(5,))
    h = L.Dense(6, activation="relu")(x)
    return [x], [L.Dense(3, name="classes")(h), L.Dense(1, name="value")(h)]


CASES = [
    GraphCase(
        name="residual_mlp",
        description="Input 6, Dense 8 relu (h1), Dense 8 relu (h2), Add([h1, h2]), BatchNormalization, Dense 3 logits; Adam 0.01",
        build=residual_mlp, losses=[SPARSE_LOGITS], labels=["classes:3"], optimizer={"name": "adam", "learning_rate": 0.01}),
    GraphCase(
        name="residual_cnn",
        description="Input 6x6x2, Conv2D 4 3x3 same relu (c1), Conv2D 4 3x3 same, BatchNormalization, Add([c1, .]), relu, "
                    "GlobalAveragePooling2D, Dense 3 logits; SGD momentum 0.9 at 0.05",
        build=residual_cnn, losses=[SPARSE_LOGITS], labels=["classes:3"],
        optimizer={"name": "SGD", "learning_rate": 0.05, "momentum": 0.9}),
    GraphCase(
        name="two_inputs_concatenate",
        description="Inputs 5 and 3; Dense 4 relu on the first, Concatenate(axis=-1) with the second, Dense 6 tanh, Dense 2; "
                    "MSE, RMSprop 0.01",
        build=two_inputs, losses=[MSE], labels=["regression"], optimizer={"name": "rmsprop", "learning_rate": 0.01}),
    GraphCase(
        name="shared_merges",
        description="Inputs 4 and 4 through one shared Dense 3 tanh; Subtract, Multiply, Maximum and Average (of three) of "
                    "the two, concatenated, Dense 2; MSE, Adam 0.01",
        build=shared_merges, losses=[MSE], labels=["regression"], optimizer={"name": "adam", "learning_rate": 0.01}),
    GraphCase(
        name="two_outputs",
        description="Input 5, Dense 6 relu, two outputs: Dense 3 'classes' (sparse cross-entropy from logits) and Dense 1 "
                    "'value' (MSE), loss weights [1, 0.5]; SGD 0.1",
        build=two_outputs, losses=[SPARSE_LOGITS, MSE], labels=["classes:3", "regression"],
        loss_weights=[1.0, 0.5], optimizer={"name": "SGD", "learning_rate": 0.1}),
]


def run(case, group):
    """Runs a functional case in Keras and returns its fixture as a dictionary."""
    keras.utils.set_random_seed(case.seed)
    rng = np.random.default_rng(case.seed)
    inputs, outputs = case.build()
    model = keras.Model(inputs=inputs, outputs=outputs)
    losses = [keras_loss(loss) for loss in case.losses]
    model.compile(loss=losses if len(losses) > 1 else losses[0], loss_weights=case.loss_weights,
                  optimizer=keras_optimizer(case.optimizer))
    initial = model.get_weights()
    input_shapes = [tuple(t.shape[1:]) for t in inputs]
    output_shapes = [tuple(t.shape[1:]) for t in outputs]
    weights = case.loss_weights or [1.0] * len(outputs)

    def batch_inputs(rows):
        return [rng.standard_normal((rows, *shape)).astype(np.float32) for shape in input_shapes]

    batches, step_losses = [], []
    for _ in range(case.steps):
        x = batch_inputs(case.batch_size)
        y = [make_labels(kind, rng, case.batch_size, shape) for kind, shape in zip(case.labels, output_shapes)]

        def total_loss():
            predictions = model(x, training=True)
            predictions = predictions if isinstance(predictions, (list, tuple)) else [predictions]
            data = sum(w * float(loss(t, p)) for w, loss, t, p in zip(weights, losses * len(outputs), y, predictions))
            return data + sum(float(penalty) for penalty in model.losses)
        before = without_state_updates(model, total_loss)
        returned = float(model.train_on_batch(x, y if len(y) > 1 else y[0], return_dict=True)["loss"])
        assert abs(returned - before) <= 1e-5 * max(1.0, abs(before)), (case.name, returned, before)
        batches.append({"x": [tensor(v) for v in x], "y": [tensor(v) for v in y]})
        step_losses.append(shortest(returned))
    held_out = batch_inputs(case.predict_rows)
    predictions = model.predict_on_batch(held_out)
    predictions = predictions if isinstance(predictions, (list, tuple)) else [predictions]
    return {
        "format": "plexus-keras-functional-fixture", "version": VERSION, "group": group, "name": case.name,
        "description": case.description, "notes": case.notes,
        "made_with": {"keras": keras.__version__, "tensorflow": tf.__version__, "numpy": np.__version__,
                      "backend": keras.backend.backend()},
        "input_shapes": [list(shape) for shape in input_shapes],
        "keras_layers": [f"{layer.name} ({type(layer).__name__})" for layer in model.layers],
        "compile": {"losses": case.losses, "loss_weights": case.loss_weights, "optimizer": case.optimizer},
        "initial_weights": [tensor(w) for w in initial],
        "batches": batches,
        "losses": step_losses,
        "final_weights": [tensor(w) for w in model.get_weights()],
        "predict_x": [tensor(v) for v in held_out],
        "predictions": [tensor(p) for p in predictions],
    }
