#!/usr/bin/env bash
# Issue 6's benchmark, side by side in one sitting: the Fashion-MNIST CNN (conv 32, pool,
# conv 64, pool, dense 128, dense 10; Adam 1e-3, batch 128) in Plexus (default scaling and
# --normalize minmax, the peers' pixels/255), Keras and PyTorch, for EPOCHS epochs and seeds
# 1..SEEDS. Prints each framework's test accuracies and its median seconds per epoch.
#
#   PEERS_PYTHON=/tmp/pv/bin/python bash bench/cnn-side-by-side.sh
#
# PEERS_PYTHON needs torch, tensorflow and keras (../shared/peers/README.md shows how to make
# one); PEERS_DIR holds the peers' scripts. Run it on a quiet machine: it takes about 5 minutes
# a seed at 3 epochs.
set -euo pipefail
cd "$(dirname "$0")/.."
peers="${PEERS_DIR:-../shared/peers}"
python="${PEERS_PYTHON:-python3}"
epochs="${EPOCHS:-3}"
seeds="${SEEDS:-3}"
out="${OUT:-$(mktemp -d)}"

swift build -c release --product plexus >/dev/null
plexus="$(swift build -c release --show-bin-path)/plexus"

# The peers' scripts train the CNN for one epoch; copies of them train it for $epochs.
for script in keras_bench.py torch_bench.py; do
    sed "s/\"cnn\": dict(n_train=60000, batch=128, epochs=1)/\"cnn\": dict(n_train=60000, batch=128, epochs=$epochs)/" \
        "$peers/$script" > "$out/$script"
    grep -q "batch=128, epochs=$epochs)" "$out/$script" || { echo "cannot set the epochs in $script" >&2; exit 1; }
done

for seed in $(seq 1 "$seeds"); do
    for scaling in standard minmax; do
        "$plexus" train --dataset fashion-mnist --model cnn --batch-size 128 --epochs "$epochs" --seed "$seed" \
            --normalize "$scaling" --json --quiet > "$out/plexus-$scaling-$seed.json"
    done
    "$python" "$out/keras_bench.py" cnn --seed "$seed" --out "$out/keras.jsonl" > /dev/null 2>&1
    "$python" "$out/torch_bench.py" cnn --seed "$seed" --out "$out/torch.jsonl" > /dev/null 2>&1
done

python3 - "$out" <<'SUMMARY'
import glob, json, statistics, sys
out = sys.argv[1]
rows = {}
for scaling in ("standard", "minmax"):
    runs = [json.load(open(f)) for f in sorted(glob.glob(f"{out}/plexus-{scaling}-*.json"))]
    rows[f"plexus ({scaling})"] = ([r["test_accuracy"] for r in runs], [r["seconds"] / r["epochs"] for r in runs])
for framework in ("keras", "torch"):
    runs = [json.loads(line) for line in open(f"{out}/{framework}.jsonl")]
    rows[framework] = ([r["acc_test"] for r in runs], [s for r in runs for s in r["epoch_s"]])
for name, (accuracies, epochs) in rows.items():
    print(f"{name:18} test accuracy {', '.join(f'{a:.4f}' for a in accuracies)} (mean {statistics.mean(accuracies):.4f}); "
          f"median epoch {statistics.median(epochs):.1f} s")
print(f"results in {out}")
SUMMARY
