#!/usr/bin/env bash
# Issue 16's table, measured in one sitting: the four peer workloads (W1 lab, W2 mlp, W3 cnn,
# W4 infer; ../shared/peers/RESULTS.md defines them) in Plexus, PyTorch and Keras, seeds
# 1..SEEDS, the frameworks alternating so that slow drifts hit all alike. Before each run it
# waits for a quiet machine (the peers' wait_quiet.py); every record keeps the share of the
# machine other processes used. Peak memory is GNU time's maximum resident set for every
# framework alike. Prints the ratio table (medians over seeds) and a roofline line a workload.
#
#   PEERS_PYTHON=/tmp/peers/venv/bin/python bash bench/side-by-side.sh
#
# PEERS_PYTHON needs torch, tensorflow, keras, onnx and onnxruntime: `PEERS_OUT=/tmp/peers/out
# ONLY=setup bash ../shared/peers/run_all.sh` makes one in /tmp/peers/venv. Knobs: SEEDS
# (default 2), WORKLOADS (default "lab mlp cnn infer"), FRAMEWORKS (default "plexus torch
# keras"), QUIET_TIMEOUT (seconds to wait for quiet, default 120), OUT (results folder).
# It takes about 4 minutes a seed.
set -euo pipefail
cd "$(dirname "$0")/.."
peers="${PEERS_DIR:-../shared/peers}"
python="${PEERS_PYTHON:-/tmp/peers/venv/bin/python}"
seeds="${SEEDS:-2}"
workloads="${WORKLOADS:-lab mlp cnn infer}"
frameworks="${FRAMEWORKS:-plexus torch keras}"
quiet_timeout="${QUIET_TIMEOUT:-120}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "GNU time is missing: apt-get install -y time" >&2; exit 1; }

swift build -c release --product plexus >/dev/null
plexus="$(swift build -c release --show-bin-path)/plexus"
export TF_CPP_MIN_LOG_LEVEL=2

# One run: framework workload seed. Its JSON line goes to $out/records.jsonl with the peak
# resident memory GNU time measured added as "time_rss_mb".
one() {
    python3 "$peers/wait_quiet.py" --timeout "$quiet_timeout" >> "$out/quiet.log"
    local log="$out/$1-$2-$3" record
    case "$1" in
        plexus) /usr/bin/time -f %M -o "$log.rss" "$plexus" bench "$2" --seed "$3" --json > "$log.json" 2> "$log.err" ;;
        *) /usr/bin/time -f %M -o "$log.rss" "$python" "$peers/${1}_bench.py" "$2" --seed "$3" < /dev/null > "$log.out" 2> "$log.err" \
            && tail -n 1 "$log.out" > "$log.json" ;;
    esac || { echo "FAILED: $1 $2 seed $3 (see $log.err)" >&2; return 0; }
    record="$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); r["time_rss_mb"]=int(open(sys.argv[2]).read().split()[-1])/1024; print(json.dumps(r))' "$log.json" "$log.rss")"
    echo "$record" >> "$out/records.jsonl"
    echo "$1 $2 seed $3 done" >&2
}

for seed in $(seq 1 "$seeds"); do
    for workload in $workloads; do
        for framework in $frameworks; do one "$framework" "$workload" "$seed"; done
    done
done
{ grep -m1 'model name' /proc/cpuinfo; nproc; } > "$out/machine.txt"
python3 bench/side_by_side_summary.py "$out"
echo "results in $out"
