#!/bin/sh
# entities-norm.sh: lemma accuracy and cross-lingual linking of ns-entities'
# lemmatiser and key (lib/lemma, lib/xkey) on the dev split of SlavicNER,
# with the GOLD mentions (independent of the tagger), scored by the
# corpus's own score.py.  The baseline, measured in the same run, keeps
# each mention as its lemma and keys it by plain ICU BGN/PCGN
# romanisation (no lemmatiser, no learned folding, exonym table or
# document propagation).  Nothing here trains or tunes on dev.
#
# usage: sh bench/entities-norm.sh   (from the top directory)
set -eu

D=${NS_DATA:-../shared/data}/slavicner
if [ ! -f "$D/gold.ndjson" ] || [ ! -f "$D/score.py" ]; then
	echo "entities-norm: $D/gold.ndjson not found: no corpus, no figures"
	exit 0
fi
make -s norm-driver >/dev/null
DRV=$(ls -t build/*/bench/entities-norm | head -1)
T=${TMPDIR:-/tmp}/entities-norm.$$
mkdir -p "$T"
trap 'rm -rf "$T"' EXIT INT TERM

"$DRV" run -s dev "$D/gold.ndjson" > "$T/sys.ndjson" 2> "$T/time"
"$DRV" run -b -s dev "$D/gold.ndjson" > "$T/base.ndjson" 2> /dev/null
"$DRV" run -n -s dev "$D/gold.ndjson" > "$T/noprop.ndjson" 2> /dev/null
python3 "$D/score.py" "$D/gold.ndjson" "$T/sys.ndjson" --split dev \
    --json "$T/sys.json" > /dev/null
python3 "$D/score.py" "$D/gold.ndjson" "$T/base.ndjson" --split dev \
    --json "$T/base.json" > /dev/null
python3 "$D/score.py" "$D/gold.ndjson" "$T/noprop.ndjson" --split dev \
    --json "$T/noprop.json" > /dev/null
n=$(python3 -c 'import json,sys
print(sum(len(g["mentions"]) for g in map(json.loads, open(sys.argv[1]))
    if g.get("split") == "dev"))' "$D/gold.ndjson")

echo "entities-norm: dev split, $n gold mentions, $DRV"
python3 - "$T/sys.json" "$T/base.json" "$T/noprop.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["scores"]
b = json.load(open(sys.argv[2]))["scores"]
np = json.load(open(sys.argv[3]))["scores"]
L = ["ALL", "bg", "cs", "pl", "ru", "sl", "uk"]
rows = [("lemma accuracy, strict matches", "lemma_accuracy"),
        ("normalisation (BSNLP def.)", "normalisation"),
        ("linking LEA document-level", "link_doc"),
        ("linking LEA single-language", "link_lang"),
        ("linking LEA cross-lingual", "link_cross"),
        ("linking LEA cross-lingual, L-pairs", "link_cross_focus")]
def f1(sc, m, l):
    v = (sc.get(m) or {}).get(l)
    return None if not v else v.get("F1")
def fmt(x):
    return "%8s" % "-" if x is None else "%8.4f" % x
print("%-36s" % "F1 (system / baseline = ratio)" + "".join("%8s" % l for l in L))
for name, m in rows:
    a = [f1(s, m, l) for l in L]
    c = [f1(b, m, l) for l in L]
    print("%-36s" % name + "".join(fmt(x) for x in a))
    print("%-36s" % "  baseline" + "".join(fmt(x) for x in c))
    print("%-36s" % "  ratio" + "".join(
        "%8s" % "-" if x is None or not y else "%8.2f" % (x / y)
        for x, y in zip(a, c)))
print("without document propagation (surname -> full name):")
for name, m in rows[2:5]:
    print("%-36s" % ("  " + name[12:]) + "".join(fmt(f1(np, m, l)) for l in L))
print("targets: lemma accuracy >= 0.95 per language; cross-lingual linking F1 >= 0.80")
PY
sed 's/^[^:]*: /speed: /' "$T/time"
