#!/usr/bin/env bash
# Feeds the plexus command about 450 hostile inputs (malformed and lying files, devices,
# layer lists that do not fit, absurd options and sizes, unwritable outputs): every case must
# end with status 0, 1, 2 or 64, within 30 s and 1 GB of memory (measured where GNU time is
# installed), without a backtrace. Prints a line per failing case, then "N passed, M failed";
# exits 1 when any case failed. Usage: PLEXUS=path/to/plexus bash .ci/hostile-inputs.sh
P=$(realpath "${PLEXUS:-.build/release/plexus}")
R=$(pwd)
W=$(mktemp -d)
cd "$W" || exit 1
pass=0; fail=0
check() {  # check NAME -- ARGS...
  local name=$1; shift
  local measure=()
  [ -x /usr/bin/time ] && measure=(/usr/bin/time -f %M -o rss.txt)
  echo 0 > rss.txt
  timeout 30 "${measure[@]}" "$P" "$@" > out.txt 2> err.txt < /dev/null
  local status=$?
  local kilobytes
  kilobytes=$(tail -n 1 rss.txt | tr -cd '0-9')
  if [ $status -gt 2 ] && [ $status -ne 64 ] || grep -q -e "Fatal error" -e "Backtrace" -e "Crash" err.txt; then
    echo "FAIL (status $status) ${name:0:80}: $(head -c 300 err.txt | tr '\n' ' ')"; fail=$((fail+1))
  elif [ "${kilobytes:-0}" -gt 1048576 ]; then
    echo "FAIL (${kilobytes} KB) ${name:0:80}"; fail=$((fail+1))
  else pass=$((pass+1)); fi
}
printf 'a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n' > ok.csv
printf 'a,b,y\n1,2\n3,4,1\n' > ragged.csv
printf 'a,b,y\n1,x,0\n3,4,1\n' > text.csv
printf 'y\n1\n0\n1\n' > onecol.csv
printf 'a,y\n1,nan\n2,1\n3,0\n' > nanlabel.csv
printf 'a,y\nnan,1\n2,1\n3,0\n4,0\n' > nanfeat.csv
printf 'a,y\ninf,1\n2,1\n3,0\n4,0\n' > inffeat.csv
printf 'a,b,y\n' > header.csv
printf '' > empty.csv
printf 'a,y\n1,\n2,1\n' > missinglabel.csv
printf '\xef\xbb\xbfa,y\r\n1,0\r\n2,1\r\n3,0\r\n4,1\r\n' > bomcrlf.csv
printf 'a,y\n1,0.5\n2,1.5\n3,2.5\n4,3.5\n' > reg.csv
python3 -c "print('a,y'); [print(f'{i},{i%2*1e30}') for i in range(50)]" > huge.csv
python3 -c "print('a,'*100000+'y'); print('1,'*100000+'0'); print('1,'*100000+'1')" > wide.csv
python3 -c "print('a,y'); print('x'*100000+',1'); print('2,0')" > longfield.csv
head -c 5000 /dev/urandom > random.bin
printf '\x1f\x8b\x08\x00\x00\x00\x00\x00' > trunc.csv.gz
printf '\x93NUMPY\x01\x00\x76\x00{"descr": "<f4", "fortran_order": False, "shape": (1000000000, 1000000000), }' > big.npy
printf 'PK\x03\x04garbage' > bad.npz
printf '\x00\x00\x08\x03\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff' > bad.idx
printf '\xff\xff\xff\xff\xff\xff\xff\x7f{}' > bad.safetensors
printf '\x10\x00\x00\x00\x00\x00\x00\x00{"a":1}        ' > meta.plexus
mkdir -p emptydir idxdir; cp bad.idx idxdir/train-images-idx3-ubyte
for d in ok.csv ragged.csv text.csv onecol.csv nanlabel.csv nanfeat.csv inffeat.csv header.csv empty.csv missinglabel.csv bomcrlf.csv reg.csv huge.csv wide.csv longfield.csv random.bin trunc.csv.gz big.npy bad.npz bad.idx bad.safetensors meta.plexus emptydir idxdir /dev/zero /dev/null /proc/self/status /proc/self /nonexistent /etc/shadow .; do
  check "train --dataset $d" train --dataset "$d" --epochs 1 --quiet
  check "train --dataset $d --label y" train --dataset "$d" --label y --epochs 1 --quiet
  check "evaluate --model $d" evaluate --model "$d"
  check "predict --model $d" predict --model "$d" --input ok.csv
  check "summary --model $d" summary --model "$d"
  check "export --model $d" export --model "$d" --onnx x.onnx
  check "train --init-weights $d" train --init-weights "$d" --epochs 0 --quiet
done
"$P" train --dataset ok.csv --epochs 2 --quiet --save m.plexus > /dev/null 2>&1
"$P" train --epochs 1 --quiet --save digits.plexus > /dev/null 2>&1
for d in ok.csv ragged.csv text.csv onecol.csv empty.csv random.bin big.npy bad.npz bad.idx /dev/zero wide.csv longfield.csv; do
  check "predict --input $d" predict --model m.plexus --input "$d"
  check "predict digits --input $d" predict --model digits.plexus --input "$d"
  check "evaluate --dataset $d" evaluate --model m.plexus --dataset "$d"
done
for spec in "" "," ",," "0" "-1" "1e9" "99999999999999999999" "dense" "dense:" "dense:5:foo" "conv:0:3" "conv:8:0" "conv:8:3:s0" "conv:8:3:s-1" "conv:8:99" "maxpool:0" "maxpool:99" "dropout:1" "dropout:-1" "dropout:nan" "flatten:3" "relu,relu" "softmax" "10,flatten" "flatten,flatten,10" "conv:8:3,conv:8:3,conv:8:3,conv:8:3,flatten,10" "maxpool,maxpool,maxpool,maxpool,flatten,10" "avgpool:8,flatten,10" "conv:3:1:same:s9,flatten,10" "100000000" "40000,40000" "conv:100000:3,flatten,10" "embedding:17:4,globalavgpool1d,10" "embedding:2:4,globalavgpool1d,10" "embedding:0:4,flatten,10" "embedding:99999999999:99999999,globalavgpool1d,10" "10,embedding:5:2,flatten,10" "embedding:17:4,embedding:17:4,flatten,10" "globalavgpool,10" "globalmaxpool,globalmaxpool,10" "globalavgpool1d,10" "rescale:1/0,10" "rescale:nan,flatten,10" "normalization,normalization,flatten,10" "flatten,normalization,10" "64:relu:l2=-1" "64:l2=1e40" "64:relu:l9=1" "64:relu:l2=" "conv:8:3:l1=nan,flatten,10" "reshape:0x5" "reshape:-1x-1" "reshape:99999999999x99999999999" "reshape:4x16,10" "activation:swish" "batchnorm:2" "batchnorm:nan" "batchnorm:0.9:0" "batchnorm:0.9:-1:3" "layernorm:-1" "layernorm:1:2" "batchnorm,batchnorm,10" "layernorm,flatten,10" "$(printf '10,%.0s' {1..5000})10"; do
  check "train --layers '$spec'" train --layers "$spec" --epochs 1 --quiet
  check "summary --layers '$spec'" summary --layers "$spec" --input-shape 8,8,1
  check "bench layers '$spec'" bench layers --layers "$spec" --input-shape 8,8,1 --rounds 1
done
for shape in "" "0" "-1" "8,8,0" "99999999999,99999999999" "1,1,1,1,1,1,1,1,1,1,1" "abc" "1e3"; do
  check "summary --input-shape '$shape'" summary --input-shape "$shape"
done
for opt in "--batch-size 0" "--batch-size=-5" "--batch-size 99999999999" "--epochs=-1" "--epochs 99999999999999999999" "--learning-rate 0" "--learning-rate nan" "--learning-rate=-1" "--learning-rate inf" "--test-fraction 0" "--test-fraction 1" "--test-fraction 0.9999" "--test-fraction nan" "--validation-split 0.99999" "--validation-split 1" "--validation-split nan" "--limit 0" "--limit 1" "--limit 2" "--seed 0" "--optimizer foo" "--loss foo" "--loss binary-crossentropy" "--loss mse" "--loss categorical-crossentropy" "--normalize foo" "--normalize none" "--model foo" "--model cnn" "--layout foo" "--mapping foo" "--save /" "--save /nonexistent/x.plexus" "--save /dev/null" "--save /dev/full" "--json" "--limit 3 --validation-split 0.5"; do
  # shellcheck disable=SC2086
  check "train $opt" train $opt --epochs 1 --quiet
done
# --optimizer adamw --weight-decay: negative, not finite, not a number, too large for the learning
# rate, zero, and given to an optimizer without weight decay.
for opt in "--weight-decay=-1" "--weight-decay=-0" "--weight-decay nan" "--weight-decay inf" "--weight-decay 1e39" "--weight-decay abc" "--weight-decay" "--weight-decay 1e30" "--weight-decay 99999999999999999999" "--weight-decay 1000 --learning-rate 0.001" "--weight-decay 999 --learning-rate 0.001" "--weight-decay 0"; do
  # shellcheck disable=SC2086
  check "train adamw $opt" train --optimizer adamw $opt --epochs 1 --quiet
done
for optimizer in adam sgd rmsprop ADAMW; do
  check "train $optimizer --weight-decay 0.1" train --optimizer "$optimizer" --weight-decay 0.1 --epochs 1 --quiet
done
check "train diabetes bce" train --dataset diabetes --loss binary-crossentropy --quiet
check "train diabetes scce" train --dataset diabetes --loss sparse-categorical-crossentropy --quiet
check "train bc cce" train --dataset breast-cancer --loss categorical-crossentropy --epochs 2 --quiet
check "train bc scce 1 output" train --dataset breast-cancer --loss sparse-categorical-crossentropy --layers 1 --epochs 2 --quiet
check "train reg 3 outputs" train --dataset diabetes --layers 3 --epochs 2 --quiet
check "explain" explain derivative --function "w^99999" --at 1e30
check "explain bad" explain derivative --function "((((" --at 3
check "explain graph big" explain graph --layers 100000,1
check "explain graph input" explain graph --layers 2,1 --input ""
for args in "softmax --logits 1,x" "softmax --logits ," "softmax --logits nan" "softmax --logits 1e39" "softmax --logits 1,2 --label 9" "softmax --logits $(printf '1,%.0s' {1..20000})1" "linear-collapse --layers 4:relu,1" "linear-collapse --layers 100000,1" "linear-collapse --layers conv:2:2,1" "linear-collapse --inputs 0" "linear-collapse --samples 99999999" "conv --input-shape 6,6" "conv --input-shape 99999999999,99999999999,1" "conv --input-shape 100000,100000,100000" "conv --kernel 0" "conv --kernel 99" "conv --filters 0" "adam --steps 0" "adam --steps 99999999" "adam --learning-rate nan" "adam --sgd-learning-rate=-1" "activations --z nan" "activations --z ," "activations --format png" "activations --format svg --output /" "activations --format svg --output /dev/full" "activations --json --format svg"; do
  # shellcheck disable=SC2086
  check "explain $args" explain $args
done
for b in "matmul --shape 0x5x5" "matmul --shape 999999x999999x999999" "matmul --threads 0" "matmul --rounds 0" "step --rounds 0" "layers --batch-size 0" "layers --batch-size 100000000"; do
  # shellcheck disable=SC2086
  check "bench $b" bench $b
done
printf 'x,a,b,c\n1,0,1,1\n2,1,0,0\n3,1,1,0\n4,0,0,1\n5,1,0,1\n6,0,1,0\n' > multi.csv
printf 'x,a,a,b\n1,0,1,1\n2,1,0,0\n3,1,1,0\n' > samename.csv
printf 'x,a,b\n1,0,1\n2,,0\n3,1,1\n' > multimissing.csv
for lab in "a,b,c" "a,nope" "a,a" "a,A" "," ",,," "a,,b" "x,a" "x,a,b,c" "$(printf 'a,%.0s' {1..3000})b"; do
  check "train multi --label '${lab:0:40}'" train --dataset multi.csv --label "$lab" --epochs 1 --quiet
done
for opt in "--loss cce" "--loss scce" "--loss mse" "--loss bce --layers 2" "--layers 3:softmax" "--layers 3" "--json"; do
  # shellcheck disable=SC2086
  check "train multi $opt" train --dataset multi.csv --label a,b,c $opt --epochs 1 --quiet
done
check "train samename" train --dataset samename.csv --label a,b --epochs 1 --quiet
check "train multimissing" train --dataset multimissing.csv --label a,b --epochs 1 --quiet
check "train multi text" train --dataset text.csv --label a,b --epochs 1 --quiet
"$P" train --dataset multi.csv --label a,b,c --epochs 2 --quiet --save multi.plexus > /dev/null 2>&1
for t in 0 1 -1 2 nan inf 1e-45 0.9999999 abc ""; do
  check "predict --threshold '$t'" predict --model multi.plexus --input multi.csv --skip-column a,b,c --threshold="$t"
done
for skip in "a,b,c,x" "a,a" "nope" "," "a,b"; do
  check "predict multi --skip-column '$skip'" predict --model multi.plexus --input multi.csv --skip-column "$skip"
done
check "evaluate multi" evaluate --model multi.plexus --dataset multi.csv --label a,b,c --json
check "evaluate multi wrong labels" evaluate --model multi.plexus --dataset multi.csv --label a,b
check "evaluate multi one label" evaluate --model multi.plexus --dataset ok.csv
check "predict out /dev/full" predict --model m.plexus --input ok.csv --skip-column y --output /dev/full
check "predict out dir" predict --model m.plexus --input ok.csv --skip-column y --output /
check "export out dir" export --model m.plexus --onnx /
# Report and TensorBoard destinations that cannot be written, and reports of models that do not
# fit the data: each an error before training (status 2), or a failure while writing (1).
for opt in "--report /" "--report /nonexistent/r.html" "--report /dev/full" "--report ok.csv/r.html" "--report ''" "--logdir ok.csv" "--logdir ok.csv/sub" "--logdir /proc/self/x" "--logdir /dev/null" "--logdir ''" "--histograms" "--logdir $(printf 'd%.0s' {1..300})"; do
  # shellcheck disable=SC2086
  eval check "\"train $opt\"" train $opt --epochs 1 --quiet
done
for d in ok.csv reg.csv multi.csv random.bin /dev/zero; do
  check "report digits --dataset $d" report --model digits.plexus --dataset "$d" --output r.html
  check "report --model $d" report --model "$d" --output r.html
done
check "report out /dev/full" report --model digits.plexus --output /dev/full
check "report out dir" report --model digits.plexus --output /
PLEXUS_BACKEND=foo check "backend foo" summary
PLEXUS_MAX_PARAMETERS=abc check "maxparams abc" summary
PLEXUS_MAX_INPUT_BYTES=-5 check "maxinput" train --dataset ok.csv --quiet --epochs 1
# .keras files (issue 19): damaged archives, zip bombs, configurations that lie about shapes.
python3 - "$R/Tests/PlexusTests/Data/Fixtures/keras/kerasfiles" <<'PYTHON'
import json, sys, zipfile
src = sys.argv[1]
def members(name):
    with zipfile.ZipFile(f"{src}/{name}.keras") as z:
        return {n: z.read(n) for n in z.namelist()}
def write(path, parts, method=zipfile.ZIP_STORED):
    with zipfile.ZipFile(path, "w", method) as z:
        for n, b in parts.items():
            z.writestr(n, b)
def edit(name, path, change):
    parts = members(name); config = json.loads(parts["config.json"]); change(config)
    parts["config.json"] = json.dumps(config).encode(); write(path, parts)
def layer(config, i, key, value): config["config"]["layers"][i]["config"][key] = value
raw = open(f"{src}/mlp.keras", "rb").read()
open("k-trunc.keras", "wb").write(raw[: len(raw) // 2])
open("k-random.keras", "wb").write(bytes(range(256)) * 20)
write("k-bomb.keras", {"config.json": b" " * (300 << 20), "model.weights.h5": b"", "metadata.json": b"{}"}, zipfile.ZIP_DEFLATED)
write("k-onlyconfig.keras", {"config.json": members("mlp")["config.json"]})
write("k-badh5.keras", {**members("cnn"), "model.weights.h5": b"\x89HDF\r\n\x1a\n" + b"\xff" * 4000})
write("k-cuth5.keras", {**members("cnn"), "model.weights.h5": members("cnn")["model.weights.h5"][:2500]})
write("k-deep.keras", {**members("mlp"), "config.json": b"[" * 200000 + b"]" * 200000})
edit("mlp", "k-units.keras", lambda c: layer(c, 2, "units", 10**12))
edit("mlp", "k-units15.keras", lambda c: layer(c, 2, "units", 15))
edit("mlp", "k-shape.keras", lambda c: layer(c, 0, "batch_shape", [None, 100000, 100000, 100000]))
edit("mlp", "k-negshape.keras", lambda c: layer(c, 0, "batch_shape", [None, -1]))
edit("cnn", "k-dilation.keras", lambda c: layer(c, 1, "dilation_rate", [2, 2]))
edit("cnn", "k-kernel.keras", lambda c: layer(c, 1, "kernel_size", [100000, 100000]))
edit("mlp", "k-functional.keras", lambda c: c.update(class_name="Functional"))
edit("mlp", "k-nolayers.keras", lambda c: c["config"].update(layers=[{"class_name": "Dense"}] * 20000))
edit("mlp", "k-optimizer.keras", lambda c: c["compile_config"].update(optimizer={"class_name": "Lion", "config": {}}))
PYTHON
for k in k-*.keras; do
  check "predict --model $k" predict --model "$k" --input ok.csv
  check "summary --model $k" summary --model "$k"
  check "export --model $k --keras" export --model "$k" --keras out.keras
done
check "export --keras unwritable" export --model m.plexus --keras /proc/m.keras
check "export --keras wrong name" export --model m.plexus --keras x.h5
echo "$pass passed, $fail failed"
rm -rf "$W"
[ "$fail" -eq 0 ]
