"""Kernel penalties through train_on_batch: L2 and L1 on Dense kernels, L1L2 on a Conv2D kernel.
The loss Keras returns includes the penalties (compute_loss adds model.losses)."""
import keras

from .common import Case

L = keras.layers
R = keras.regularizers
SPARSE_LOGITS = {"name": "sparse_categorical_crossentropy", "from_logits": True}

CASES = [
    Case(
        name="dense_l2_l1",
        description="Dense 6 relu with L2(0.01) on its kernel, Dense 3 logits with L1(0.005); SGD at learning rate 0.1",
        input_shape=(4,), plexus_layers="6:relu:l2=0.01,3:l1=0.005",
        keras_layers=lambda: [
            L.Dense(6, activation="relu", kernel_regularizer=R.L2(0.01)),
            L.Dense(3, kernel_regularizer=R.L1(0.005)),
        ],
        loss=SPARSE_LOGITS,
        optimizer={"name": "SGD", "learning_rate": 0.1},
        labels="classes:3", steps=5, seed=7),
    Case(
        name="conv_l1l2_adam",
        description="Conv2D 4 filters 3x3 relu with L1L2(l1=0.001, l2=0.01), Flatten, Dense 2 with L2(0.02); Adam 0.01, "
                    "mean squared error",
        input_shape=(5, 5, 2), plexus_layers="conv:4:3:relu:l1=0.001:l2=0.01,flatten,2:l2=0.02",
        keras_layers=lambda: [
            L.Conv2D(4, 3, activation="relu", kernel_regularizer=R.L1L2(l1=0.001, l2=0.01)),
            L.Flatten(),
            L.Dense(2, kernel_regularizer=R.L2(0.02)),
        ],
        loss={"name": "mean_squared_error"},
        optimizer={"name": "adam", "learning_rate": 0.01},
        labels="regression", steps=4, seed=8),
]
