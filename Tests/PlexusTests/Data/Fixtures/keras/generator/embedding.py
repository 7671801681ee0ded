"""Embedding, global pooling and preprocessing layers through train_on_batch: Embedding with
GlobalAveragePooling1D and Dense heads; convolutions ending in GlobalAveragePooling2D or
GlobalMaxPooling2D; Rescaling before dense and convolutional layers; an adapted Normalization
(its non-trainable mean, variance and count ride along in get_weights() and must not move)."""
import keras
import numpy as np

from .common import Case

L = keras.layers
SPARSE_LOGITS = {"name": "sparse_categorical_crossentropy", "from_logits": True}


def indices(vocabulary):
    """Inputs of whole-number indices 0..vocabulary-1 (as float32, as Plexus takes them)."""
    return lambda rng, shape: rng.integers(0, vocabulary, size=shape).astype(np.float32)


def distinct_indices(vocabulary):
    """Indices that never repeat within a batch (vocabulary >= the batch's positions).

    With repeats, Keras 3 on TensorFlow gives Adam (and AdamW, RMSprop) the embedding's gradient
    as IndexedSlices, and `ops.square` squares each occurrence's slice before they are summed:
    the second moment gets the sum of squares, not the square of the sum. Plexus does the same
    (Parameter.occurrenceSquares); the *_repeated_indices cases check it."""
    def make(rng, shape):
        count = int(np.prod(shape))
        return rng.permutation(vocabulary)[:count].reshape(shape).astype(np.float32)
    return make


def pixels(rng, shape):
    """Raw pixel values in [0, 255]."""
    return rng.uniform(0, 255, size=shape).astype(np.float32)


def shifted(rng, shape):
    """Features far from standard: mean 3 to 9 by column, spread 0.5 to 4."""
    columns = shape[-1]
    return (rng.standard_normal(shape) * np.linspace(0.5, 4, columns) + np.linspace(3, 9, columns)).astype(np.float32)


def adapted_normalization(columns, seed):
    """A Normalization adapted to 64 rows drawn like the case's inputs (its own generator)."""
    layer = L.Normalization()
    layer.adapt(shifted(np.random.default_rng(seed), (64, columns)))
    return layer


CASES = [
    Case(
        name="embedding_average_dense",
        description="Embedding(60, 4) on 6 indices (distinct within each batch; some rows used in several "
                    "batches, some never), GlobalAveragePooling1D, Dense 3 logits; Adam at 0.05",
        input_shape=(6,), plexus_layers="embedding:60:4,globalavgpool1d,3",
        keras_layers=lambda: [L.Embedding(60, 4), L.GlobalAveragePooling1D(), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "adam", "learning_rate": 0.05},
        labels="classes:3", make_inputs=distinct_indices(60), steps=5, seed=11),
    Case(
        name="embedding_adam_repeated_indices",
        description="Embedding(15, 4) on 6 indices with repeats, GlobalAveragePooling1D, Dense 3 logits; Adam at "
                    "0.05. Keras on TensorFlow squares each occurrence's gradient for Adam's second moment",
        input_shape=(6,), plexus_layers="embedding:15:4,globalavgpool1d,3",
        keras_layers=lambda: [L.Embedding(15, 4), L.GlobalAveragePooling1D(), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "adam", "learning_rate": 0.05},
        labels="classes:3", make_inputs=indices(15), steps=5, seed=11),
    Case(
        name="embedding_rmsprop_repeated_indices",
        description="Embedding(12, 3) on 8 indices with repeats, GlobalAveragePooling1D, Dense 2 logits; RMSprop at "
                    "0.01 (its velocity also sums squared occurrences)",
        input_shape=(8,), plexus_layers="embedding:12:3,globalavgpool1d,2",
        keras_layers=lambda: [L.Embedding(12, 3), L.GlobalAveragePooling1D(), L.Dense(2)],
        loss=SPARSE_LOGITS, optimizer={"name": "rmsprop", "learning_rate": 0.01},
        labels="classes:2", make_inputs=indices(12), steps=5, seed=12),
    Case(
        name="embedding_adamw_repeated_indices",
        description="Embedding(20, 5) on 10 indices with repeats, GlobalAveragePooling1D, Dense 8 relu, Dense 1 "
                    "sigmoid, binary cross-entropy; AdamW at 0.02 with weight decay 0.01",
        input_shape=(10,), plexus_layers="embedding:20:5,globalavgpool1d,8:relu,1:sigmoid",
        keras_layers=lambda: [L.Embedding(20, 5), L.GlobalAveragePooling1D(), L.Dense(8, activation="relu"),
                              L.Dense(1, activation="sigmoid")],
        loss={"name": "binary_crossentropy", "from_logits": False},
        optimizer={"name": "adamw", "learning_rate": 0.02, "weight_decay": 0.01},
        labels="binary", make_inputs=indices(20), steps=6, seed=13),
    Case(
        name="embedding_binary_sgd",
        description="Embedding(10, 3), GlobalAveragePooling1D, Dense 4 relu, Dense 1 sigmoid, binary cross-entropy; "
                    "SGD at 0.5 (large, so that the table visibly moves)",
        input_shape=(5,), plexus_layers="embedding:10:3,globalavgpool1d,4:relu,1:sigmoid",
        keras_layers=lambda: [L.Embedding(10, 3), L.GlobalAveragePooling1D(), L.Dense(4, activation="relu"),
                              L.Dense(1, activation="sigmoid")],
        loss={"name": "binary_crossentropy", "from_logits": False}, optimizer={"name": "SGD", "learning_rate": 0.5},
        labels="binary", make_inputs=indices(10), steps=5, seed=12),
    Case(
        name="conv_global_average",
        description="Conv2D 4 3x3 relu on 6x6x2, GlobalAveragePooling2D, Dense 3 logits; Adam at 0.01",
        input_shape=(6, 6, 2), plexus_layers="conv:4:3:relu,globalavgpool,3",
        keras_layers=lambda: [L.Conv2D(4, 3, activation="relu"), L.GlobalAveragePooling2D(), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "adam", "learning_rate": 0.01},
        labels="classes:3", steps=4, seed=13),
    Case(
        name="conv_global_max",
        description="Conv2D 5 3x3 tanh 'same' on 5x5x1, GlobalMaxPooling2D, Dense 2, mean squared error; SGD at 0.1",
        input_shape=(5, 5, 1), plexus_layers="conv:5:3:tanh:same,globalmaxpool,2",
        keras_layers=lambda: [L.Conv2D(5, 3, padding="same", activation="tanh"), L.GlobalMaxPooling2D(), L.Dense(2)],
        loss={"name": "mean_squared_error"}, optimizer={"name": "SGD", "learning_rate": 0.1},
        labels="regression", steps=4, seed=14),
    Case(
        name="rescaling_conv",
        description="Rescaling(1/255) of raw pixels, Conv2D 3 3x3 relu, GlobalMaxPooling2D, Dense 2 logits; Adam at 0.01",
        input_shape=(6, 6, 1), plexus_layers="rescale:1/255,conv:3:3:relu,globalmaxpool,2",
        keras_layers=lambda: [L.Rescaling(1 / 255), L.Conv2D(3, 3, activation="relu"), L.GlobalMaxPooling2D(),
                              L.Dense(2)],
        loss=SPARSE_LOGITS, optimizer={"name": "adam", "learning_rate": 0.01},
        labels="classes:2", make_inputs=pixels, steps=4, seed=15),
    Case(
        name="rescaling_offset_dense",
        description="Rescaling(scale 0.5, offset -0.25), Dense 3 tanh, Dense 2, mean squared error; Adam at 0.02",
        input_shape=(4,), plexus_layers="rescale:0.5:-0.25,3:tanh,2",
        keras_layers=lambda: [L.Rescaling(0.5, offset=-0.25), L.Dense(3, activation="tanh"), L.Dense(2)],
        loss={"name": "mean_squared_error"}, optimizer={"name": "adam", "learning_rate": 0.02},
        labels="regression", steps=4, seed=16),
    Case(
        name="normalization_dense",
        description="Normalization adapted to shifted, spread features (mean, variance, count in get_weights, not "
                    "trainable), Dense 4 relu, Dense 3 logits; Adam at 0.01",
        input_shape=(5,), plexus_layers="normalization,4:relu,3",
        keras_layers=lambda: [adapted_normalization(5, seed=99), L.Dense(4, activation="relu"), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "adam", "learning_rate": 0.01},
        labels="classes:3", make_inputs=shifted, steps=4, seed=17,
        notes=["count is Keras's legacy weight, left 0 by adapt(); Plexus keeps it the same"]),
]
