"""What the peer checks share: running the built plexus, the digits data, a tally of results."""
import gzip
import os
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Checks:
    """Runs named checks, prints each result, and counts them."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, function):
        try:
            detail = function()
            self.passed += 1
            print(f"PASS {name}" + (f": {detail}" if detail else ""), flush=True)
        except Exception as error:  # a failed check reports and the others still run
            self.failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)


def plexus(binary, *arguments):
    """Runs plexus; raises with its standard error when it fails."""
    result = subprocess.run([binary, *arguments], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"plexus {' '.join(arguments)} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def digits():
    """The bundled digits: raw pixels [1797, 64] (0..16) and labels."""
    path = os.path.join(ROOT, "Sources/Plexus/Resources/Datasets/digits.csv.gz")
    with gzip.open(path, "rt") as file:
        table = np.loadtxt(file, delimiter=",", dtype=np.float32)
    return table[:, :-1], table[:, -1]


def write_features_csv(path, features):
    """A CSV with a header line, one column per feature, as plexus predict takes it."""
    header = ",".join(f"x{i}" for i in range(features.shape[1]))
    np.savetxt(path, features, delimiter=",", header=header, comments="", fmt="%.9g")


def read_predictions(path):
    """plexus predict's CSV: its header and values."""
    with open(path) as file:
        header = file.readline().strip().split(",")
    return header, np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float64, ndmin=2)


def require(condition, message):
    if not condition:
        raise AssertionError(message)


def maximum_difference(a, b):
    return float(np.max(np.abs(np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64))))
