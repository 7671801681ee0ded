#!/usr/bin/env bash
# The real peers: files written by plexus are read and run by ONNX, ONNX Runtime, safetensors
# and NumPy from PyPI (see .ci/peers/). Prints "N passed, M failed" last; fails on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${PLEXUS_PEERS_VENV:-/tmp/plexus-ci-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r .ci/peers/requirements.txt

source .ci/plexus-binary.sh  # sets binary

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" .ci/peers/run_all.py "$binary" "$work"
