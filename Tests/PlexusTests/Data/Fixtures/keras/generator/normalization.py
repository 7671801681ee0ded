"""BatchNormalization and LayerNormalization through train_on_batch: batch statistics and their
gradient in training, moving statistics updated once per step and used by predict_on_batch, on
flat rows, images (NHWC) and sequences; LayerNormalization on rows and sequences."""
import keras

from .common import Case

L = keras.layers
SPARSE_LOGITS = {"name": "sparse_categorical_crossentropy", "from_logits": True}

CASES = [
    Case(
        name="dense_batchnorm",
        description="Dense 8, BatchNormalization (Keras defaults), relu, Dense 3 logits; SGD with momentum 0.9 at 0.05",
        input_shape=(6,), plexus_layers="8,batchnorm,relu,3",
        keras_layers=lambda: [L.Dense(8), L.BatchNormalization(), L.Activation("relu"), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "SGD", "learning_rate": 0.05, "momentum": 0.9},
        labels="classes:3", steps=6, seed=11,
        notes=["The bias of a Dense layer right before BatchNormalization has a gradient of exactly zero (the batch "
               "mean removes it), so what either framework computes for it is rounding noise. Adam divides that noise "
               "by its own size and steps by about lr * 0.01 in a random direction, which makes the bias (and the "
               "moving mean) differ from Keras by 1e-4 for no fault of either; SGD keeps the noise at lr * 1e-9. "
               "Adam with BatchNormalization is covered where the layer reads the data (sequence_batchnorm)."]),
    Case(
        name="batchnorm_momentum",
        description="BatchNormalization(momentum=0.5, epsilon=0.01) between Dense 5 tanh and Dense 2, so the moving "
                    "statistics move far in a few steps and predictions depend on them; SGD at 0.1, mean squared error",
        input_shape=(4,), plexus_layers="5:tanh,batchnorm:0.5:0.01,2",
        keras_layers=lambda: [L.Dense(5, activation="tanh"), L.BatchNormalization(momentum=0.5, epsilon=0.01),
                              L.Dense(2)],
        loss={"name": "mean_squared_error"}, optimizer={"name": "SGD", "learning_rate": 0.1},
        labels="regression", steps=5, seed=12),
    Case(
        name="conv_batchnorm",
        description="Conv2D 4 3x3, BatchNormalization(momentum=0.8) per channel over batch and positions (NHWC), relu, "
                    "max pool 2, flatten, Dense 3 logits; SGD with momentum 0.9 at 0.05",
        input_shape=(6, 6, 2), plexus_layers="conv:4:3,batchnorm:0.8,relu,maxpool:2,flatten,3",
        keras_layers=lambda: [L.Conv2D(4, 3), L.BatchNormalization(momentum=0.8), L.Activation("relu"),
                              L.MaxPooling2D(2), L.Flatten(), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "SGD", "learning_rate": 0.05, "momentum": 0.9},
        labels="classes:3", steps=5, seed=13),
    Case(
        name="sequence_batchnorm",
        description="BatchNormalization(momentum=0.7) first, on sequences (3 steps of 5 features: statistics over batch "
                    "and steps), then Dense 4 tanh per step, flatten, Dense 2; Adam at 0.02, mean squared error",
        input_shape=(3, 5), plexus_layers="batchnorm:0.7,4:tanh,flatten,2",
        keras_layers=lambda: [L.BatchNormalization(momentum=0.7), L.Dense(4, activation="tanh"), L.Flatten(),
                              L.Dense(2)],
        loss={"name": "mean_squared_error"}, optimizer={"name": "adam", "learning_rate": 0.02},
        labels="regression", steps=4, seed=14),
    Case(
        name="dense_layernorm",
        description="Dense 8, LayerNormalization (Keras defaults), relu, Dense 3 logits; Adam at 0.01",
        input_shape=(6,), plexus_layers="8,layernorm,relu,3",
        keras_layers=lambda: [L.Dense(8), L.LayerNormalization(), L.Activation("relu"), L.Dense(3)],
        loss=SPARSE_LOGITS, optimizer={"name": "adam", "learning_rate": 0.01},
        labels="classes:3", steps=6, seed=15),
    Case(
        name="conv_layernorm",
        description="Conv2D 3 2x2 'same' with relu, LayerNormalization on the channels of each position (NHWC, "
                    "axis -1 only), flatten, Dense 2 sigmoid; binary cross-entropy on probabilities, Adam at 0.01",
        input_shape=(4, 4, 2), plexus_layers="conv:3:2:relu:same,layernorm,flatten,2:sigmoid",
        keras_layers=lambda: [L.Conv2D(3, 2, padding="same", activation="relu"), L.LayerNormalization(), L.Flatten(),
                              L.Dense(2, activation="sigmoid")],
        loss={"name": "binary_crossentropy", "from_logits": False}, optimizer={"name": "adam", "learning_rate": 0.01},
        labels="binary", steps=5, seed=17),
    Case(
        name="sequence_layernorm",
        description="LayerNormalization(epsilon=0.01) first, on sequences (3 steps of 5 features, each step normalized "
                    "alone), Dense 4 tanh per step, flatten, Dense 2; SGD at 0.1, mean squared error",
        input_shape=(3, 5), plexus_layers="layernorm:0.01,4:tanh,flatten,2",
        keras_layers=lambda: [L.LayerNormalization(epsilon=0.01), L.Dense(4, activation="tanh"), L.Flatten(),
                              L.Dense(2)],
        loss={"name": "mean_squared_error"}, optimizer={"name": "SGD", "learning_rate": 0.1},
        labels="regression", steps=5, seed=16),
]
