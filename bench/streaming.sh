#!/usr/bin/env bash
# Data larger than memory (issue 17 item 4): writes a float32 features .npy of ROWS x 784
# (default 1,100,000 rows = 3.4 GB) and its labels chunk by chunk with NumPy, trains one epoch
# on it streamed under an address-space limit (ulimit -v, default 2 GiB: the file cannot even
# be mapped whole), and compares the throughput with the same kind of data held in memory
# (the first SUBSET rows as an NPZ file) and with the same subset streamed.
#
#   bench/streaming.sh [work folder]      (ROWS, SUBSET, LIMIT_KB, PLEXUS in the environment)
#
# Throughput is training samples per second of the training loop (the JSON "seconds": fit
# alone, not the scaling passes before it nor the test evaluation after it). Deletes the
# files it wrote at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${ROWS:-1100000}"
subset="${SUBSET:-200000}"
limit="${LIMIT_KB:-2097152}"
plexus="${PLEXUS:-.build/release/plexus}"
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
trap 'rm -f "$work/features.npy" "$work/labels.npy" "$work/subset.npz" "$work/subset-x.npy" "$work/subset-y.npy"' EXIT
common=(--layers 128:relu,10 --epochs 1 --batch-size 128 --test-fraction 0.05 --json --quiet)

# Files left by an earlier run of the same size are used again (they are deleted at the end).
if [ ! -f "$work/subset.npz" ] || [ "$(python3 -c 'import numpy as np, sys; print(np.load(sys.argv[1], mmap_mode="r").shape[0])' "$work/features.npy" 2>/dev/null)" != "$rows" ]; then
    python3 bench/streaming_data.py "$work" --rows "$rows" --subset "$subset"
fi
python3 -c "import numpy as np, sys; d = np.load(sys.argv[1]); np.save(sys.argv[2], d['x']); np.save(sys.argv[3], d['y'])" \
    "$work/subset.npz" "$work/subset-x.npy" "$work/subset-y.npy"
echo "features: $(du -h "$work/features.npy" | cut -f1) ($rows x 784 float32); address-space limit: $limit KiB"

# samples/s of one run's JSON: training rows (rows minus the test part) / seconds.
rate() {
    python3 -c 'import json, sys; r = json.loads(sys.argv[1]); n = int(sys.argv[2]) - round(int(sys.argv[2]) * 0.05); print("%8.0f samples/s  (%d samples in %.1f s, test accuracy %.4f)" % (n / r["seconds"], n, r["seconds"], r["test_accuracy"]))' "$1" "$2"
}
run() {  # label, rows, plexus arguments...
    local label="$1" count="$2"
    shift 2
    local started result
    started=$(date +%s)
    result=$("$@")
    printf '%-44s %s, %d s in all\n' "$label" "$(rate "$result" "$count")" $(($(date +%s) - started))
}

run "streamed, shuffled, ulimit -v $limit:" "$rows" \
    bash -c "ulimit -v $limit; exec $plexus train --dataset $work/features.npy --labels $work/labels.npy ${common[*]}"
run "streamed, file order, ulimit -v $limit:" "$rows" \
    bash -c "ulimit -v $limit; exec $plexus train --dataset $work/features.npy --labels $work/labels.npy --no-shuffle ${common[*]}"
run "subset of $subset streamed, shuffled:" "$subset" \
    "$plexus" train --dataset "$work/subset-x.npy" --labels "$work/subset-y.npy" "${common[@]}"
run "subset of $subset in memory (NPZ), shuffled:" "$subset" env PLEXUS_MAX_INPUT_BYTES=2G \
    "$plexus" train --dataset "$work/subset.npz" "${common[@]}"
