#!/bin/sh
# ns-dedupe benchmark: pairwise P/R/F1 on the near-duplicate corpus, then
# speed and memory next to `jq -c .` and `sort -u`, in one run.
set -eu
cd "$(dirname "$0")/.."
OUT=bench/out
RAW=../shared/data/slavicner/raw
LINES=../shared/data/langid
mkdir -p "$OUT"
C=$OUT/dedupe-corpus.ndjson
if [ -d "$RAW" ]; then
	echo "corpus: tests/fixtures/seeds and $RAW"
	python3 bench/ns-dedupe-corpus.py tests/fixtures/seeds "$RAW" "$C"
else
	echo "corpus: $RAW absent, seeds only (figures not comparable)"
	python3 bench/ns-dedupe-corpus.py tests/fixtures/seeds "$C"
fi
echo "quality at the default threshold (0.8): bin/ns-dedupe --mode cluster"
bin/ns-dedupe --mode cluster "$C" > "$OUT/dedupe-clusters.ndjson"
python3 bench/ns-dedupe-score.py "$OUT/dedupe-clusters.ndjson"
if [ ! -d "$LINES" ]; then
	echo "$LINES absent: memory per record measured on the seed lines"
	LINES=tests/fixtures/seeds
fi
python3 bench/ns-dedupe-speed.py bin/ns-dedupe "$C" "$LINES" "$OUT"
