#!/usr/bin/env bash
# Rebuilds the seed corpus in Fuzz/Corpus/<target>/ from the test fixtures and a few small
# files made here. Run it when the fixtures or the file formats change; the corpus is checked
# in so that CI needs neither NumPy nor a plexus binary. Needs gzip and a built `plexus`
# (PLEXUS, default .build/release/plexus) for the model files. Every file stays small (< 4 KB):
# libFuzzer mutates small inputs far faster than large ones.
set -euo pipefail
cd "$(dirname "$0")/.."
fixtures=Tests/PlexusTests/Data/Fixtures
corpus=Fuzz/Corpus
plexus=${PLEXUS:-.build/release/plexus}
rm -rf "$corpus"/{csv,gzip,npy,npz,idx,safetensors,model,layers,keras}
mkdir -p "$corpus"/{csv,gzip,npy,npz,idx,safetensors,model,layers,keras}

# CSV: the fixtures' contents and the shapes of file the loader meets.
for file in "$fixtures"/{small,two_members}.csv.gz; do
    gzip -dc "$file" >"$corpus/csv/$(basename "$file" .gz)"
done
printf 'a,b,label\n1,2,0\n3,4,1\n' >"$corpus/csv/numbers.csv"
printf 'x,y,species\r\n1.5,-2e3,cat\r\n"3,5", 4 ,dog\r\n\r\n' >"$corpus/csv/quoted-crlf.csv"
printf 'a;b;label\n1;2;7\n3;4;9\n' >"$corpus/csv/semicolons.csv"
printf 'f1,f2,f3,target\n0.1,nan,inf,1e38\n-0,+1,.5,1000000\n' >"$corpus/csv/odd-numbers.csv"
printf '"a ""quoted"" name",b\n1,2\n' >"$corpus/csv/escaped-quotes.csv"

# gzip: every gzip fixture (damaged and truncated ones too) and a multi-member file.
cp "$fixtures"/*.gz "$corpus/gzip/"
printf 'hello\n' | gzip -9n >"$corpus/gzip/hello.gz"
printf '' | gzip -n >"$corpus/gzip/empty.gz"

# NPY and NPZ: the fixtures (NumPy's own writers made them, see make_fixtures.py).
cp "$fixtures"/*.npy "$corpus/npy/"
cp "$fixtures"/*.npz "$corpus/npz/"

# IDX: the MNIST-style fixtures, gzipped and plain.
for file in "$fixtures"/*-ubyte.gz; do
    cp "$file" "$corpus/idx/"
    gzip -dc "$file" >"$corpus/idx/$(basename "$file" .gz)"
done

# Model files (safetensors with the architecture as JSON metadata): small networks of each
# layer kind, classification, binary and regression, written by plexus itself.
if [ -x "$plexus" ]; then
    scratch=$(mktemp -d)
    trap 'rm -rf "$scratch"' EXIT
    "$plexus" train --layers "4:relu,10" --epochs 1 --quiet --save "$scratch/dense.plexus" >/dev/null
    "$plexus" train --layers "conv:2:3:relu,maxpool:2,flatten,dropout:0.5,10" --epochs 1 --quiet --save "$scratch/conv.plexus" >/dev/null
    "$plexus" train --layers "conv:2:3:same:s2,avgpool:2,flatten,sigmoid,10" --epochs 1 --quiet --save "$scratch/conv-same.plexus" >/dev/null
    "$plexus" train --dataset diabetes --layers "3:tanh,1" --epochs 1 --quiet --save "$scratch/regression.plexus" >/dev/null
    "$plexus" train --dataset breast-cancer --layers "2:sigmoid,1" --optimizer sgd --epochs 1 --quiet --save "$scratch/binary.plexus" >/dev/null
    cp "$scratch"/*.plexus "$corpus/model/"
    cp "$scratch"/{dense,regression}.plexus "$corpus/safetensors/"
else
    echo "make-corpus: no plexus at $plexus (swift build -c release), model seeds left out" >&2
fi
# safetensors as other tools write them: dtypes, an empty file, metadata only.
python3 - "$corpus/safetensors" <<'PY'
import json, struct, sys
def write(name, header, data=b""):
    text = json.dumps(header, separators=(",", ":")).encode()
    with open(f"{sys.argv[1]}/{name}", "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)
write("empty.safetensors", {})
write("metadata.safetensors", {"__metadata__": {"format": "pt"}})
write("dtypes.safetensors", {
    "a": {"dtype": "F16", "shape": [2], "data_offsets": [0, 4]},
    "b": {"dtype": "BF16", "shape": [1, 2], "data_offsets": [4, 8]},
    "c": {"dtype": "F64", "shape": [1], "data_offsets": [8, 16]},
    "d": {"dtype": "I64", "shape": [], "data_offsets": [16, 24]},
    "e": {"dtype": "U8", "shape": [0, 3], "data_offsets": [24, 24]}}, bytes(range(24)))
PY

# --layers: the presets and one entry of every kind.
printf '25:relu,15:relu,10' >"$corpus/layers/lab"
printf 'conv:32:3:relu,maxpool:2,conv:64:3:relu,maxpool:2,flatten,dense:128:relu,dense:10' >"$corpus/layers/cnn"
printf 'conv2d:4:3:same:s2:tanh,avgpool:3,flatten,dropout:0.25,dense:8:leaky_relu,softmax' >"$corpus/layers/every-kind"
printf 'dense:3:sigmoid, 2 ,log_softmax' >"$corpus/layers/spaces"
printf 'flatten,maxpool,relu' >"$corpus/layers/odd-order"

# Keras: the config.json of every .keras fixture (Sequential and functional, compiled or not),
# fed as the configuration alone, and one whole small file (zip, config, HDF5 weights).
python3 - "$corpus/keras" Tests/PlexusTests/Data/Fixtures/keras <<'PY'
import glob, os, sys, zipfile
for path in sorted(glob.glob(f"{sys.argv[2]}/*/*.keras")):
    name = os.path.splitext(os.path.basename(path))[0]
    with zipfile.ZipFile(path) as archive, open(f"{sys.argv[1]}/{name}.json", "wb") as out:
        out.write(archive.read("config.json"))
PY
cp Tests/PlexusTests/Data/Fixtures/keras/kerasstate/normalization_config.keras "$corpus/keras/"
