#!/usr/bin/env bash
# The Keras environment that writes the committed Keras fixtures (Tests/PlexusTests/Data/Fixtures/keras).
# Not part of CI: the fixtures are committed, and this script is kept only to regenerate them.
#
#   bash tools/keras-env.sh             # make (or reuse) the venv, then regenerate every fixture
#   bash tools/keras-env.sh setup       # only make the venv
#   bash tools/keras-env.sh optimizers  # regenerate one group (a module of the generator package)
#
# The venv goes to $PLEXUS_KERAS_VENV (default /tmp/plexus-keras-venv); about 2 GB.
# Pins: the same Keras, TensorFlow and NumPy as ../shared/peers/run_all.sh (the peer benchmarks).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${PLEXUS_KERAS_VENV:-/tmp/plexus-keras-venv}"
pins="keras==3.15.1 tensorflow-cpu==2.21.0 numpy==2.4.6"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import keras, tensorflow, numpy; \
assert (keras.__version__, tensorflow.__version__, numpy.__version__) == ('3.15.1', '2.21.0', '2.4.6')" 2>/dev/null; then
    rm -rf "$venv"
    python3 -m venv "$venv"
    # shellcheck disable=SC2086
    "$venv/bin/pip" install --quiet --disable-pip-version-check $pins
fi
[ "${1:-}" = setup ] && exit 0

export TF_CPP_MIN_LOG_LEVEL=2 KERAS_BACKEND=tensorflow CUDA_VISIBLE_DEVICES="" PYTHONDONTWRITEBYTECODE=1
cd Tests/PlexusTests/Data/Fixtures/keras
"$venv/bin/python" -m generator "$@"
