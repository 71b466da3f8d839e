#!/bin/sh
# entities-cv.sh: k-fold cross-validation of ns-entities' models on the
# TRAIN split of SlavicNER, the way their design variants are chosen (the
# issue forbids tuning on dev).  Each train document goes to fold
# crc32(id) mod 4; each fold is tagged (or lemmatised) by a model trained
# on the other three and scored by the corpus's score.py.
#
# usage: sh bench/entities-cv.sh ner   [ns-entities train options]
#        sh bench/entities-cv.sh lemma
# (from the top directory, after make and make ner-clusters for "ner").
# ner prints strict F1 per language, lemma the lemma accuracy on gold
# mentions; both ALL bg cs pl ru sl uk.
#
# NS_CV_BY=topic holds out one topic at a time instead (five folds): the
# news of a topic no model has seen, as tomorrow's feed will be.
set -eu

WHAT=${1:?usage: entities-cv.sh ner|lemma [train options]}
shift
DATA=${NS_DATA:-../shared/data}
BY=${NS_CV_BY:-doc}
case $BY in
doc)	K=4 ;;
topic)	K=5 ;;
*)	echo "entities-cv.sh: NS_CV_BY=$BY: not doc or topic" >&2; exit 2 ;;
esac
OUT=${NS_CV_OUT:-bench/out/entities-cv-$BY}
BIN=${NS_BIN:-bin}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)

# The folds: OUT/fK/gold.ndjson with split "cv" for the held-out fold,
# "train" for the rest (dev left out); raw/ links to the corpus's.
python3 - "$DATA" "$K" "$OUT" "$BY" <<'PY'
import json, os, sys, zlib
data, k, out, by = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
docs = [json.loads(l) for l in open(os.path.join(data, "slavicner", "gold.ndjson"), encoding="utf-8")]
topics = sorted({g["topic"] for g in docs if g["split"] == "train"})
if by == "topic" and len(topics) != k:
    sys.exit("entities-cv.sh: %d train topics, not %d" % (len(topics), k))
def fold(g):
    if by == "topic":
        return topics.index(g["topic"])
    return zlib.crc32(g["id"].encode()) % k
for f in range(k):
    d = os.path.join(out, "f%d" % f, "slavicner")
    os.makedirs(d, exist_ok=True)
    if not os.path.lexists(os.path.join(d, "raw")):
        os.symlink(os.path.abspath(os.path.join(data, "slavicner", "raw")), os.path.join(d, "raw"))
    with open(os.path.join(d, "gold.ndjson"), "w", encoding="utf-8") as w:
        for g in docs:
            if g["split"] != "train":
                continue
            g = dict(g, split="cv" if fold(g) == f else "train")
            w.write(json.dumps(g, ensure_ascii=False) + "\n")
with open(os.path.join(out, "gold.ndjson"), "w", encoding="utf-8") as w:
    for g in docs:
        if g["split"] == "train":
            w.write(json.dumps(dict(g, split="cv"), ensure_ascii=False) + "\n")
PY

: > "$OUT/sys.ndjson"
f=0
while [ $f -lt $K ]; do
	C=$OUT/f$f/slavicner
	case $WHAT in
	ner)
		python3 bench/ns-entities-data.py dev-ndjson "$OUT/f$f" cv \
		    > "$OUT/f$f/in.ndjson"
		nice "$BIN/ns-entities" train --only ner \
		    --clusters "${NER_WORK:-build/ner}" -o "$OUT/f$f" "$@" \
		    "$C/gold.ndjson" 2> "$OUT/f$f/train.log"
		nice "$BIN/ns-entities" -m "$OUT/f$f" "$OUT/f$f/in.ndjson" \
		    >> "$OUT/sys.ndjson"
		;;
	lemma)
		make -s norm-driver > /dev/null
		DRV=$(ls -t build/*/bench/entities-norm | head -1)
		nice "$DRV" train-lemma "$C/gold.ndjson" train "$DATA/ud" \
		    "$OUT/f$f/lemma.bin" 2> /dev/null
		nice "$DRV" train-xkey "$C/gold.ndjson" train \
		    "$OUT/f$f/xkey.bin" 2> /dev/null
		nice "$DRV" run -s cv -l "$OUT/f$f/lemma.bin" \
		    -k "$OUT/f$f/xkey.bin" "$C/gold.ndjson" \
		    >> "$OUT/sys.ndjson" 2> /dev/null
		;;
	*)
		echo "entities-cv.sh: $WHAT: not ner or lemma" >&2
		exit 2
		;;
	esac
	f=$((f + 1))
done
python3 "$DATA/slavicner/score.py" "$OUT/gold.ndjson" "$OUT/sys.ndjson" \
    --split cv --json "$OUT/score.json" > /dev/null
python3 - "$OUT/score.json" "$WHAT" "$K" "$BY" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["scores"]
m = "strict" if sys.argv[2] == "ner" else "lemma_accuracy"
L = ["ALL", "bg", "cs", "pl", "ru", "sl", "uk"]
print("%-28s" % ("%s-fold CV on train (by %s), %s" % (sys.argv[3], sys.argv[4], m)) + "".join("%8s" % l for l in L))
print("%-28s" % "" + "".join("%8.4f" % s[m][l]["F1"] if s.get(m, {}).get(l) else "%8s" % "-" for l in L))
PY
