"""Writes a synthetic classification data set as NPY files, chunk by chunk (never whole in
memory): features.npy (rows x 784 float32) and labels.npy (rows int64, 10 classes), and,
with --subset N, subset.npz holding the first N rows (x, y) for the in-memory comparison.

Each class is a fixed random pattern in 784 dimensions plus Gaussian noise, so a small
network learns it; the same seed gives the same files."""
import argparse
import os

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("folder")
parser.add_argument("--rows", type=int, default=1_100_000)
parser.add_argument("--width", type=int, default=784)
parser.add_argument("--subset", type=int, default=0)
parser.add_argument("--shards", type=int, default=0, help="also write the features as this many shards in folder/shards/")
args = parser.parse_args()

rng = np.random.default_rng(17)
centers = rng.normal(0, 1, size=(10, args.width)).astype(np.float32)
chunk = 50_000


def open_npy(path, shape, dtype):
    handle = open(path, "wb")
    np.lib.format.write_array_header_1_0(
        handle, {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False, "shape": shape})
    return handle


features = open_npy(os.path.join(args.folder, "features.npy"), (args.rows, args.width), np.float32)
labels = open_npy(os.path.join(args.folder, "labels.npy"), (args.rows,), np.int64)
subset_x, subset_y = [], []
for start in range(0, args.rows, chunk):
    count = min(chunk, args.rows - start)
    y = rng.integers(0, 10, size=count)
    x = centers[y] + rng.normal(0, 3, size=(count, args.width)).astype(np.float32)
    x.astype(np.float32).tofile(features)
    y.astype(np.int64).tofile(labels)
    if start < args.subset:
        keep = min(count, args.subset - start)
        subset_x.append(x[:keep])
        subset_y.append(y[:keep])
features.close()
labels.close()
if args.subset:
    np.savez(os.path.join(args.folder, "subset.npz"), x=np.concatenate(subset_x), y=np.concatenate(subset_y))
if args.shards:
    whole = np.load(os.path.join(args.folder, "features.npy"), mmap_mode="r")
    os.makedirs(os.path.join(args.folder, "shards"), exist_ok=True)
    bounds = np.linspace(0, args.rows, args.shards + 1).astype(int)
    for index in range(args.shards):
        np.save(os.path.join(args.folder, "shards", "part-%03d.npy" % index), np.asarray(whole[bounds[index]:bounds[index + 1]]))
