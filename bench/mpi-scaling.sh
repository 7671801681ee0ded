#!/usr/bin/env bash
# Issue 17's scaling benchmark (not a test): W2, Fashion-MNIST's 60,000 training images through
# 784-512-512-10, batch 128, 3 epochs, on 1 rank x 1 thread and on 2 ranks x 1 thread
# (mpirun, loopback/shared memory), RUNS times each, interleaved. Prints each run's training
# seconds (fit only, from --json) and rank 0's seconds in all-reduce, then the medians and
# the speed-up. Needs openmpi-bin and libopenmpi3; run it on a quiet machine.
#
#   RUNS=3 bash bench/mpi-scaling.sh
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-3}"
source .ci/plexus-binary.sh
root=()
if [ "$(id -u)" = 0 ]; then root=(--allow-run-as-root); fi
w2=(train --dataset fashion-mnist --layers 512:relu,512:relu,10 --batch-size 128 --epochs 3 --json --no-charts)
out="$(mktemp -d /tmp/plexus-mpi-bench.XXXXXX)"
for run in $(seq "$runs"); do
    PLEXUS_THREADS=1 "$binary" "${w2[@]}" > "$out/one-$run.json" 2> /dev/null
    mpirun -np 2 --oversubscribe "${root[@]}" -x PLEXUS_THREADS=1 "$binary" "${w2[@]}" > "$out/two-$run.json" 2> "$out/two-$run.err"
    python3 - "$out" "$run" <<'PY'
import json, re, sys
out, run = sys.argv[1], sys.argv[2]
one, two = (json.load(open(f"{out}/{n}-{run}.json")) for n in ("one", "two"))
note = re.search(r"spent ([0-9.]+) s in (\d+) all-reduce", open(f"{out}/two-{run}.err").read())
print(f"run {run}: 1 rank {one['seconds']:.1f} s (test accuracy {one['test_accuracy']}), "
      f"2 ranks {two['seconds']:.1f} s (test accuracy {two['test_accuracy']}), all-reduce {note.group(1)} s in {note.group(2)} calls")
PY
done
python3 - "$out" "$runs" <<'PY'
import json, re, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
one = statistics.median(json.load(open(f"{out}/one-{r}.json"))["seconds"] for r in range(1, runs + 1))
two = statistics.median(json.load(open(f"{out}/two-{r}.json"))["seconds"] for r in range(1, runs + 1))
reduce = statistics.median(float(re.search(r"spent ([0-9.]+) s", open(f"{out}/two-{r}.err").read()).group(1)) for r in range(1, runs + 1))
print(f"median: 1 rank x 1 thread {one:.1f} s, 2 ranks x 1 thread {two:.1f} s: speed-up {one / two:.2f}x; all-reduce {reduce:.1f} s ({100 * reduce / two:.0f}% of the 2-rank time)")
PY
