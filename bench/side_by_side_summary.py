#!/usr/bin/env python3
"""The table of bench/side-by-side.sh from its records.jsonl: medians over seeds of each
framework's time on each workload, Plexus's speed-up over PyTorch and over the faster peer, peak
memory (GNU time's maximum resident set, the same measure for every framework), accuracy, and a
roofline line per training workload (Plexus's achieved GFLOP/s against its measured GEMM speed).

    python3 bench/side_by_side_summary.py RESULTS_DIR
"""
import json
import os
import statistics
import sys

WORKLOADS = {
    "lab": "W1 lab: 5,000 samples, 784-25-15-10, Adam, batch 32, 40 epochs",
    "mlp": "W2 mlp: 60,000, 784-512-512-10, batch 128, 3 epochs",
    "cnn": "W3 cnn: 60,000, conv32-pool-conv64-pool-128-10, batch 128, 1 epoch",
    "infer": "W4 one 1x784 sample through the lab network",
}


def load(folder):
    with open(os.path.join(folder, "records.jsonl")) as f:
        return [json.loads(line) for line in f if line.strip()]


def time_of(record):
    """Seconds of fit for training, microseconds per call for infer."""
    return record["infer_median_us"] if record["workload"] == "infer" else record["fit_s"]


def median(values):
    return statistics.median(values) if values else None


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "."
    records = load(folder)
    by = {}
    for r in records:
        by.setdefault((r["framework"], r["workload"]), []).append(r)

    def med(framework, workload, key):
        rs = by.get((framework, workload), [])
        return median([key(r) for r in rs if key(r) is not None])

    machine = open(os.path.join(folder, "machine.txt")).read().split("\n")[0] if os.path.exists(
        os.path.join(folder, "machine.txt")) else ""
    print(f"Medians over seeds; {machine.strip()}")
    print()
    print("| workload | Plexus | PyTorch | Keras | Plexus vs PyTorch | vs faster peer | peak memory Plexus / PyTorch | test accuracy Plexus / PyTorch / Keras | most foreign CPU |")
    print("|---|---|---|---|---|---|---|---|---|")
    for w, title in WORKLOADS.items():
        if not any(k[1] == w for k in by):
            continue
        unit = "us" if w == "infer" else "s"
        t = {fw: med(fw, w, time_of) for fw in ("plexus", "torch", "keras")}
        rss = {fw: med(fw, w, lambda r: r.get("time_rss_mb")) for fw in ("plexus", "torch")}
        acc = {fw: med(fw, w, lambda r: r.get("acc_test")) for fw in ("plexus", "torch", "keras")}
        foreign = max((r.get("foreign_cpu_frac", 0) or 0) for k, rs in by.items() if k[1] == w for r in rs)

        def fmt(v, digits=2):
            return "-" if v is None else f"{v:.{digits}f} {unit}"

        ratio = f"{t['torch'] / t['plexus']:.1f}x" if t["plexus"] and t["torch"] else "-"
        peers = [v for v in (t["torch"], t["keras"]) if v]
        faster = f"{min(peers) / t['plexus']:.1f}x" if t["plexus"] and peers else "-"
        memory = f"{rss['plexus']:.0f} / {rss['torch']:.0f} MB" if rss["plexus"] and rss["torch"] else "-"
        accuracy = " / ".join("-" if acc[fw] is None else f"{acc[fw]:.4f}" for fw in ("plexus", "torch", "keras"))
        print(f"| {title} | {fmt(t['plexus'])} | {fmt(t['torch'])} | {fmt(t['keras'])} | {ratio} | {faster} | {memory} | {accuracy} | {100 * foreign:.0f}% |")
    print()
    for w in ("lab", "mlp", "cnn"):
        rs = by.get(("plexus", w), [])
        if not rs:
            continue
        achieved = median([r["achieved_gflops"] for r in rs])
        peak = median([r["gemm_peak_gflops"] for r in rs])
        step = median([r["ms_per_step"] for r in rs])
        print(f"roofline {w}: {achieved:.1f} GFLOP/s achieved over fit, GEMM (1024 square, {rs[0]['backend']}, "
              f"{rs[0]['threads']} threads) {peak:.1f} GFLOP/s: {100 * achieved / peak:.0f}%; steady step {step:.3f} ms")
    loads = {fw: median([r["load_s"] for k, rs in by.items() if k[0] == fw for r in rs if "load_s" in r])
             for fw in ("plexus", "torch", "keras")}
    print("Fashion-MNIST load (.gz to float / 255): " + ", ".join(
        f"{fw} {v:.3f} s" for fw, v in loads.items() if v is not None))


if __name__ == "__main__":
    main()
