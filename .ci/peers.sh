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

scratch=()
if [ -n "${PLEXUS_SCRATCH_PATH:-}" ]; then scratch=(--scratch-path "$PLEXUS_SCRATCH_PATH"); fi
swift build -c release --product plexus "${scratch[@]}" >/dev/null
binary="$(swift build -c release "${scratch[@]}" --show-bin-path)/plexus"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" .ci/peers/run_all.py "$binary" "$work"
