#!/usr/bin/env bash
# Issue 19: the .keras files plexus writes, read by others. Installs Debian's HDF5 runtime
# (libhdf5-103-1, which plexus loads at run time), trains the digit lab, exports it with
# --keras, and checks the file with h5py and NumPy (pinned, in a venv): Keras's zip layout,
# config.json, the weight groups and shapes, and a NumPy forward pass of the configuration
# against `plexus predict` on raw inputs (within 1e-5); the same for a functional model (the
# peers' two-input model, check_functional_file.py). Keras itself (tensorflow-cpu, minutes
# to install) is not installed here; when the venv of tools/keras-env.sh exists, it also loads
# the file in Keras 3.15.1 and compares its predictions. Usage: bash .ci/keras-files.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ldconfig -p 2>/dev/null | grep -q libhdf5_serial.so.103 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq libhdf5-103-1 >/dev/null
fi

venv="${PLEXUS_H5_VENV:-/tmp/plexus-ci-h5-venv}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check h5py==3.14.0 numpy==2.4.6

source .ci/plexus-binary.sh  # sets binary
plexus="$binary"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$plexus" train --epochs 5 --quiet --save "$work/digits.plexus" >/dev/null
"$plexus" export --model "$work/digits.plexus" --keras "$work/digits.keras"
"$venv/bin/python" - "$work/digits.csv" <<'PYTHON'
import gzip, sys
rows = gzip.open("Sources/Plexus/Resources/Datasets/digits.csv.gz", "rt").read().split()[:200]
with open(sys.argv[1], "w") as out:
    out.write(",".join(f"f{i}" for i in range(64)) + "\n")
    for row in rows:
        out.write(",".join(row.split(",")[:64]) + "\n")
PYTHON
"$plexus" predict --model "$work/digits.plexus" --input "$work/digits.csv" > "$work/plexus.csv"
"$venv/bin/python" .ci/keras-files/check_keras_file.py "$work/digits.keras" "$work/digits.csv" "$work/plexus.csv"

# A functional model (two inputs, a shared layer, every merge layer, BatchNormalization): the
# peers' committed model, exported with --keras and checked against `plexus predict`.
functional=.ci/peers/models/functional-two-inputs.plexus
"$plexus" export --model "$functional" --keras "$work/functional.keras"
"$venv/bin/python" - "$work" <<'PYTHON'
import sys
import numpy as np
rng = np.random.default_rng(3)
for name, width in (("a", 4), ("b", 3)):
    x = rng.standard_normal((50, width)).astype(np.float32)
    np.savetxt(f"{sys.argv[1]}/functional-{name}.csv", x, delimiter=",", comments="",
               header=",".join(f"f{i}" for i in range(width)), fmt="%.9g")
PYTHON
functional_inputs=("$work/functional-a.csv" "$work/functional-b.csv")
"$plexus" predict --model "$functional" --input "${functional_inputs[0]}" --input "${functional_inputs[1]}" \
    --output "$work/functional-plexus.csv"
"$venv/bin/python" .ci/keras-files/check_functional_file.py "$work/functional.keras" "$work/functional-plexus.csv" \
    "${functional_inputs[@]}"

keras_python="${PLEXUS_KERAS_VENV:-/tmp/plexus-keras-venv}/bin/python"
if [ -x "$keras_python" ] && "$keras_python" -c "import keras" 2>/dev/null; then
    KERAS_BACKEND=tensorflow TF_CPP_MIN_LOG_LEVEL=3 "$keras_python" .ci/keras-files/check_keras_file.py --keras \
        "$work/digits.keras" "$work/digits.csv" "$work/plexus.csv"
    KERAS_BACKEND=tensorflow TF_CPP_MIN_LOG_LEVEL=3 "$keras_python" .ci/keras-files/check_functional_file.py --keras \
        "$work/functional.keras" "$work/functional-plexus.csv" "${functional_inputs[@]}"
else
    echo "keras-files: Keras not installed here; checked with h5py and NumPy only"
fi
