"""Optimizer steps through train_on_batch on small Dense models: AdamW (default and strong
weight decay, other betas), Adam and SGD (plain, with Nesterov momentum)."""
import keras

from .common import Case

L = keras.layers
SPARSE_LOGITS = {"name": "sparse_categorical_crossentropy", "from_logits": True}

CASES = [
    Case(
        name="adamw_default",
        description="AdamW with Keras's defaults but a learning rate of 0.01: Dense 6 relu, Dense 3 logits",
        input_shape=(4,), plexus_layers="6:relu,3",
        keras_layers=lambda: [L.Dense(6, activation="relu"), L.Dense(3)],
        loss=SPARSE_LOGITS,
        optimizer={"name": "adamw", "learning_rate": 0.01, "weight_decay": 0.004},
        labels="classes:3", steps=6),
    Case(
        name="adamw_strong_decay",
        description="AdamW with weight decay 0.3 at learning rate 0.05 (each step removes 1.5% of every weight, biases too): "
                    "Dense 5 tanh, Dense 2, mean squared error",
        input_shape=(3,), plexus_layers="5:tanh,2",
        keras_layers=lambda: [L.Dense(5, activation="tanh"), L.Dense(2)],
        loss={"name": "mean_squared_error"},
        optimizer={"name": "adamw", "learning_rate": 0.05, "weight_decay": 0.3},
        labels="regression", steps=5, seed=2),
    Case(
        name="adamw_betas",
        description="AdamW with beta1 0.8, beta2 0.99, epsilon 1e-4, weight decay 0.05: Dense 4 sigmoid, Dense 1 sigmoid, "
                    "binary cross-entropy on probabilities",
        input_shape=(5,), plexus_layers="4:sigmoid,1:sigmoid",
        keras_layers=lambda: [L.Dense(4, activation="sigmoid"), L.Dense(1, activation="sigmoid")],
        loss={"name": "binary_crossentropy", "from_logits": False},
        optimizer={"name": "adamw", "learning_rate": 0.02, "weight_decay": 0.05, "beta1": 0.8, "beta2": 0.99,
                   "epsilon": 1e-4},
        labels="binary", steps=4, seed=3),
    Case(
        name="adam",
        description="Adam at learning rate 0.01: Dense 6 relu, Dense 3 softmax, sparse categorical cross-entropy on "
                    "probabilities (Keras recovers the logits; Plexus fuses softmax and loss)",
        input_shape=(4,), plexus_layers="6:relu,3:softmax",
        keras_layers=lambda: [L.Dense(6, activation="relu"), L.Dense(3, activation="softmax")],
        loss={"name": "sparse_categorical_crossentropy", "from_logits": False},
        optimizer={"name": "adam", "learning_rate": 0.01},
        labels="classes:3", steps=5, seed=4),
    Case(
        name="sgd",
        description="Plain SGD at learning rate 0.1: Dense 4 relu, Dense 2, mean squared error",
        input_shape=(3,), plexus_layers="4:relu,2",
        keras_layers=lambda: [L.Dense(4, activation="relu"), L.Dense(2)],
        loss={"name": "mean_squared_error"},
        optimizer={"name": "SGD", "learning_rate": 0.1},
        labels="regression", steps=5, seed=5),
    Case(
        name="sgd_nesterov",
        description="SGD with Nesterov momentum 0.9 at learning rate 0.05: Dense 5 tanh, Dense 4 logits, "
                    "categorical cross-entropy on one-hot labels",
        input_shape=(6,), plexus_layers="5:tanh,4",
        keras_layers=lambda: [L.Dense(5, activation="tanh"), L.Dense(4)],
        loss={"name": "categorical_crossentropy", "from_logits": True},
        optimizer={"name": "SGD", "learning_rate": 0.05, "momentum": 0.9, "nesterov": True},
        labels="onehot:4", steps=5, seed=6),
]
