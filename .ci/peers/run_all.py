"""The peer checks: Plexus's files read and run by the real ONNX, ONNX Runtime, safetensors and
NumPy. Usage: run_all.py PLEXUS_BINARY WORK_FOLDER. Prints "N passed, M failed" last and exits
non-zero when any check fails."""
import gzip
import os
import sys

import numpy as np

import check_functional
import check_import
import check_onnx
import check_safetensors
from common import ROOT, Checks, digits, plexus


def diabetes_features():
    """The raw diabetes table (whitespace-separated, ten features then the target)."""
    with gzip.open(os.path.join(ROOT, "Sources/Plexus/Resources/Datasets/diabetes_data_raw.csv.gz"), "rt") as file:
        return np.loadtxt(file, dtype=np.float32)


def main():
    binary, work = sys.argv[1], sys.argv[2]
    checks = Checks()
    features, _ = digits()
    sample = features[:300]
    dense_model = os.path.join(work, "dense.plexus")
    conv_model = os.path.join(work, "conv.plexus")
    regression_model = os.path.join(work, "regression.plexus")
    norm_model = os.path.join(work, "norm.plexus")
    sequence_norm_model = os.path.join(work, "sequence-norm.plexus")

    def train(path, *arguments):
        plexus(binary, "train", "--quiet", "--save", path, *arguments)

    checks.run("train and save a dense classifier", lambda: train(dense_model, "--dataset", "digits", "--epochs", "5"))
    checks.run("train and save a conv classifier", lambda: train(
        conv_model, "--dataset", "digits", "--epochs", "2",
        "--layers", "conv:4:3:relu:same,maxpool:2,conv:6:3:tanh:s2:same,avgpool:2,flatten,dropout:0.2,dense:16:relu,dense:10"))
    # BatchNormalization on images (ONNX BatchNormalization on NCHW) and on rows, LayerNormalization.
    checks.run("train and save a normalized conv classifier", lambda: train(
        norm_model, "--dataset", "digits", "--epochs", "2",
        "--layers", "conv:4:3,batchnorm,relu,maxpool:2,flatten,dense:16,batchnorm:0.9,relu,layernorm,dense:10"))
    # Sequences [8, 8]: BatchNormalization folded into Mul and Add on the last axis.
    checks.run("train and save a normalized sequence classifier", lambda: train(
        sequence_norm_model, "--dataset", "digits", "--epochs", "2",
        "--layers", "reshape:8x8,batchnorm:0.9,layernorm:1e-5,dense:6:relu,flatten,dense:10"))
    checks.run("train and save a dense regression model", lambda: train(regression_model, "--dataset", "diabetes", "--epochs", "5"))
    # The digits' pixels are whole numbers 0..16: tokens for an embedding as they are.
    embedding_model = os.path.join(work, "embedding.plexus")
    checks.run("train and save an embedding classifier", lambda: train(
        embedding_model, "--dataset", "digits", "--epochs", "3", "--layers", "embedding:17:8,globalavgpool1d,dense:16:relu,dense:10"))
    average_model = os.path.join(work, "global-average.plexus")
    checks.run("train and save a rescaling, conv, global average pooling classifier", lambda: train(
        average_model, "--dataset", "digits", "--epochs", "2", "--normalize", "none",
        "--layers", "rescale:1/16:-0.5,conv:4:3:relu:same,globalavgpool,rescale:2,dense:10"))
    max_model = os.path.join(work, "global-max.plexus")
    checks.run("train and save a normalization, conv, global max pooling classifier", lambda: train(
        max_model, "--dataset", "digits", "--epochs", "2", "--layers", "normalization,conv:4:3:relu,maxpool:2,globalmaxpool,dense:10"))

    regression_features = diabetes_features()
    check_onnx.add_checks(checks, binary, work, {
        "dense": (dense_model, [64], True, sample),
        "conv": (conv_model, [8, 8, 1], True, sample),
        "normalized conv": (norm_model, [8, 8, 1], True, sample),
        "normalized sequence": (sequence_norm_model, [64], True, sample),
        "regression": (regression_model, [regression_features.shape[1]], False, regression_features[:200]),
        "embedding": (embedding_model, [64], True, sample),
        "global average pooling": (average_model, [8, 8, 1], True, sample),
        "global max pooling": (max_model, [8, 8, 1], True, sample),
    })
    check_onnx.add_keras_fixture_checks(checks, binary, work, ["normalization_inverted", "normalization_image", "normalization_rows"])
    check_functional.add_checks(checks, binary, work)
    check_safetensors.add_checks(checks, dense_model, conv_model)
    check_import.add_checks(checks, binary, work, sample)
    print(f"{checks.passed} passed, {checks.failed} failed")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
