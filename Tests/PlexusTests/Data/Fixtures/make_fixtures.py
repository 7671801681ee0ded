#!/usr/bin/env python3
"""Makes the tiny fixture files the data loader tests read (run once; the outputs are committed).

    cd Tests/PlexusTests/Data/Fixtures && python3 make_fixtures.py

Needs numpy. Every value is written out here so the tests can compare against them by hand.
"""
import gzip
import io
import struct
import zipfile

import numpy as np

def save(name, array, version=None):
    with open(name, "wb") as f:
        if version is None:
            np.save(f, array)
        else:
            np.lib.format.write_array(f, array, version=version)

# .npy, one per dtype the reader converts
save("f4.npy", np.array([[-1.0, -0.5, 0.0], [0.5, 1.0, 1.5]], dtype="<f4"))
save("f8.npy", np.array([1.5, -2.25, 3e10, 1e-3], dtype="<f8"))
save("u1.npy", np.array([0, 1, 128, 255], dtype="|u1"))
save("i4.npy", np.array([-3, 0, 7], dtype="<i4"))
save("i8.npy", np.array([[-1, 2], [3, 4_000_000]], dtype="<i8"))
save("scalar.npy", np.array(3.5, dtype="<f4"))
save("v2.npy", np.arange(6, dtype="<f4").reshape(2, 3), version=(2, 0))
save("v3.npy", np.arange(6, dtype="<f4").reshape(3, 2), version=(3, 0))
save("bigendian.npy", np.array([1, 2], dtype=">f4"))
save("fortran.npy", np.asfortranarray(np.arange(6, dtype="<f4").reshape(2, 3)))
save("complex.npy", np.array([1 + 2j], dtype="<c8"))

# .npz: stored (np.savez) and deflated (np.savez_compressed)
x = np.arange(12, dtype=np.float32).reshape(4, 3) / 4
y = np.array([0, 1, 1, 0], dtype=np.int64)
np.savez("xy.npz", x=x, y=y)
np.savez_compressed("Xy_compressed.npz", X=x, y=y)
np.savez("features_labels.npz", features=np.arange(8, dtype=np.uint8).reshape(2, 2, 2), labels=np.array([1, 0], dtype=np.int32))
np.savez("mismatch.npz", x=x, y=np.array([0, 1], dtype=np.int64))
with zipfile.ZipFile("bzip2.npz", "w", compression=zipfile.ZIP_BZIP2) as z:
    buffer = io.BytesIO()
    np.save(buffer, x)
    z.writestr("x.npy", buffer.getvalue())

# IDX, gzipped: 3 images of 2x2 unsigned bytes, and their labels
images = bytes([0, 0, 0x08, 3]) + struct.pack(">III", 3, 2, 2) + bytes(range(0, 240, 20))
labels = bytes([0, 0, 0x08, 1]) + struct.pack(">I", 3) + bytes([7, 0, 9])
with gzip.GzipFile("images-idx3-ubyte.gz", "wb", mtime=0) as f:
    f.write(images)
with gzip.GzipFile("labels-idx1-ubyte.gz", "wb", mtime=0) as f:
    f.write(labels)

# a gzipped CSV, and a gzip file cut short
with gzip.GzipFile("small.csv.gz", "wb", mtime=0) as f:
    f.write(b"a,b,label\n1,2,0\n3,4,1\n")
whole = gzip.compress(b"a,b,label\n" + b"1,2,0\n" * 2000, mtime=0)
with open("truncated.csv.gz", "wb") as f:
    f.write(whole[: len(whole) // 2])

# gzip members one after the other (as `cat a.gz b.gz` makes), and a damaged gzip file
with open("two_members.csv.gz", "wb") as f:
    f.write(gzip.compress(b"a,b,label\n1,2,0\n", mtime=0) + gzip.compress(b"3,4,1\n", mtime=0))
damaged = bytearray(gzip.compress(b"a,b,label\n" + b"".join(b"%d,%d,%d\n" % (i, i * 7 % 13, i % 2) for i in range(500)), mtime=0))
damaged[len(damaged) // 2] ^= 0xFF
with open("damaged.csv.gz", "wb") as f:
    f.write(bytes(damaged))
