#!/usr/bin/env bash
# Data-parallel training over Open MPI on loopback (issue 17): the README's acceptance check
# with 1 and 2 ranks, shuffled too, compared; then a rank with a bad file and a killed rank
# each end the whole job with a non-zero status within a bound. Needs openmpi-bin and
# libopenmpi3 (.ci/run installs them); about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/plexus-binary.sh

root=()
if [ "$(id -u)" = 0 ]; then root=(--allow-run-as-root); fi
# Loopback only; --timeout ends a job that would hang (none should).
mpi=(mpirun --oversubscribe "${root[@]}" --mca btl_tcp_if_include lo --timeout 90)
work="$(mktemp -d /tmp/plexus-mpi.XXXXXX)"
trap 'rm -rf "$work"' EXIT

run=(train --dataset fashion-mnist --limit 4096 --layers 64:relu,10 --epochs 2 --batch-size 64 --json --quiet)
for order in --no-shuffle ""; do
    # shellcheck disable=SC2086
    "$binary" "${run[@]}" $order > "$work/one.json"
    # shellcheck disable=SC2086
    "${mpi[@]}" -np 2 "$binary" "${run[@]}" $order > "$work/two.json"
    python3 - "$work/one.json" "$work/two.json" "${order:-shuffled}" <<'PY'
import json, sys
lines = open(sys.argv[2]).read().splitlines()
assert len(lines) == 1, f"2 ranks printed {len(lines)} lines, not one JSON result"
one, two = json.load(open(sys.argv[1])), json.loads(lines[0])
loss = abs(two["train_loss"] - one["train_loss"]) / one["train_loss"]
accuracy = abs(two["test_accuracy"] - one["test_accuracy"])
print(f"mpi ({sys.argv[3]}): train loss {one['train_loss']:.7f} (1 rank) vs {two['train_loss']:.7f} (2 ranks), relative difference {loss:.1e}; test accuracy {one['test_accuracy']} vs {two['test_accuracy']}")
sys.exit(0 if loss <= 1e-4 and accuracy <= 0.002 else 1)
PY
done

# A failing rank ends the job: a bad file on rank 1, then rank 1 killed mid-training. Each must
# end with a non-zero status within 60 s (the survivors would otherwise wait in an all-reduce).
# The long run is far longer than that bound, so the kill always lands mid-training: with
# 100 epochs a fast machine finished before the kill, and the check failed for the wrong reason.
printf 'a,b,label\n1,2,0\n3,4\n' > "$work/bad.csv"
long=("$binary" train --dataset fashion-mnist --limit 4096 --layers 64:relu,10 --epochs 100000 --batch-size 64 --quiet)
cat > "$work/bad-file.sh" <<SH
if [ "\$OMPI_COMM_WORLD_RANK" = 1 ]; then exec "$binary" train --dataset "$work/bad.csv" --quiet; fi
exec ${long[*]}
SH
cat > "$work/killed.sh" <<SH
if [ "\$OMPI_COMM_WORLD_RANK" = 1 ]; then ${long[*]} & pid=\$!; sleep 4; kill -9 \$pid; wait \$pid; exit \$?; fi
exec ${long[*]}
SH
for case in bad-file killed; do
    start=$(date +%s)
    status=0
    timeout 60 "${mpi[@]}" -np 2 sh "$work/$case.sh" > /dev/null 2> "$work/$case.err" || status=$?
    seconds=$(( $(date +%s) - start ))
    echo "mpi ($case rank): status $status after $seconds s"
    if [ "$status" = 0 ] || [ "$status" = 124 ]; then
        cat "$work/$case.err" >&2
        echo "mpi: the $case case did not end the job with an error" >&2
        exit 1
    fi
done
grep -q "error: rank 1 of 2: $work/bad.csv line 3" "$work/bad-file.err" || { cat "$work/bad-file.err" >&2; exit 1; }
