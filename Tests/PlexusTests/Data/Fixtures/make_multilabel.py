#!/usr/bin/env python3
"""Writes a learnable multi-label table: 8 numeric features, then three 0/1 label columns
a, b and c, any number of which may be 1 (standard library only, seeded).

    python3 make_multilabel.py [rows] [seed] > multilabel.csv
    plexus train --dataset multilabel.csv --label a,b,c --layers 32:relu,16:relu,3:sigmoid --epochs 120

a: a half-plane (f0 + f1 > 0); b: a corner (f2 > -0.3 and f3 > -0.3); c: outside a band
(|f4| > 0.7); f5, f6 and f7 are noise. About half the rows have each label; 1% of the labels
are flipped, so no model gets every label right. Tests/PlexusTests/CLI/MultiLabelCommandTests
makes the same kind of table in Swift.
"""
import random
import sys

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1500
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 7)
print(",".join([f"f{i}" for i in range(8)] + ["a", "b", "c"]))
for _ in range(rows):
    f = [rng.gauss(0, 1) for _ in range(8)]
    labels = [f[0] + f[1] > 0, f[2] > -0.3 and f[3] > -0.3, abs(f[4]) > 0.7]
    labels = [int(label != (rng.random() < 0.01)) for label in labels]
    print(",".join([f"{v:.5f}" for v in f] + [str(v) for v in labels]))
