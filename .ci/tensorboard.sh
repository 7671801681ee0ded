#!/usr/bin/env bash
# Issue 15: `plexus train --logdir` writes event files that TensorBoard's own reader (the
# `tensorboard` package from PyPI, pinned) reads: epoch_loss with one point per epoch in both
# train/ and validation/, as Keras's TensorBoard callback lays them out. About 20 s.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${PLEXUS_TENSORBOARD_VENV:-/tmp/plexus-tensorboard-venv}"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check tensorboard==2.21.0

source .ci/plexus-binary.sh  # sets binary

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$binary" train --epochs 8 --validation-split 0.1 --logdir "$work/logs" --histograms --quiet >/dev/null

"$venv/bin/python" - "$work/logs" <<'PYTHON'
import struct, sys
from tensorboard.backend.event_processing import event_accumulator
from tensorboard.util import tensor_util

logs = sys.argv[1]
failures = []
for run, tags in (("train", ["epoch_loss", "epoch_accuracy", "epoch_learning_rate"]), ("validation", ["epoch_loss", "epoch_accuracy"])):
    accumulator = event_accumulator.EventAccumulator(f"{logs}/{run}", size_guidance={"tensors": 0, "histograms": 0})
    accumulator.Reload()
    found = accumulator.Tags()
    for tag in tags:
        if tag not in found["tensors"]:
            failures.append(f"{run}: no {tag} (tensor tags: {found['tensors']})")
            continue
        events = accumulator.Tensors(tag)
        steps = [event.step for event in events]
        values = [float(tensor_util.make_ndarray(event.tensor_proto)) for event in events]
        plugin = accumulator.SummaryMetadata(tag).plugin_data.plugin_name
        print(f"{run}/{tag}: {len(events)} points, steps {steps}, plugin {plugin}, first {values[0]:.4f}, last {values[-1]:.4f}")
        if steps != list(range(8)):
            failures.append(f"{run}/{tag}: steps {steps}, not 0..7")
        if plugin != "scalars":
            failures.append(f"{run}/{tag}: plugin {plugin!r}, not 'scalars'")
    if run == "train":
        histograms = [tag for tag in found["tensors"] if tag.endswith("/histogram")]
        if not histograms:
            failures.append("train: no weight histograms")
        else:
            table = tensor_util.make_ndarray(accumulator.Tensors(histograms[0])[0].tensor_proto)
            print(f"train: {len(histograms)} histograms, {histograms[0]} of shape {table.shape}, {int(table[:, 2].sum())} weights")
for failure in failures:
    print("FAIL", failure)
sys.exit(1 if failures else 0)
PYTHON
echo "tensorboard: the event files read back"
