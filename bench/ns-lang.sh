#!/bin/sh
# bench/ns-lang.sh: ns-lang's quality, calibration and speed, with CLD2
# (Debian's libcld2, best-effort mode, full tables) measured in the same
# run on the same lines.  Run from the top directory after make:
#
#   sh bench/ns-lang.sh            everything
#   sh bench/ns-lang.sh quality    accuracy per language only
#   sh bench/ns-lang.sh calib      calibration only
#   sh bench/ns-lang.sh speed      speed, load time and memory only
#
# Data: ../shared/data/langid (dev sets for accuracy; the training files'
# held-out lines for calibration).  Without it only the speed part runs,
# on the bundled seed articles.
set -eu

what=${1:-all}
top=$(cd "$(dirname "$0")/.." && pwd)
data=${NS_LANGID_DATA:-$top/../shared/data/langid}
bin=$top/bin/ns-lang
lib=$top/build/rel/libns.a
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
PKGS="icu-uc icu-i18n jansson libutf8proc"
CORE="ru uk be bg mk sr pl cs en"

[ -x "$bin" ] && [ -f "$lib" ] || { echo "ns-lang.sh: run make first" >&2; exit 2; }

# Our driver: lines through libns, as CLD2's driver does through CLD2.
${CC:-cc} -O2 -I"$top/lib" -o "$tmp/ns" "$top/bench/lang-lines.c" "$lib" \
    $(pkg-config --libs $PKGS) -lm
cld2=
if [ -f /usr/include/cld2/public/compact_lang_det.h ] &&
    ${CXX:-c++} -O2 -o "$tmp/cld2" "$top/bench/cld2-lines.cc" \
    -Wl,--no-as-needed -lcld2_full -lcld2 2>/dev/null; then
	cld2=$tmp/cld2
	echo "CLD2: libcld2 $(dpkg-query -W -f='${Version}' libcld2-dev 2>/dev/null || echo '?'), full tables, kCLDFlagBestEffort"
else
	echo "CLD2: not available (install libcld2-dev and a C++ compiler for the comparison)"
fi
havedata=0
[ -d "$data/dev" ] && havedata=1
[ $havedata = 1 ] || echo "data: $data not found: accuracy and calibration skipped"

# Accuracy of a driver's first column against the expected code.
acc() {
	cut -f1 | sed 's/^no$/nb/; s/-.*//' |
	    awk -v want="$1" '{ n++; if ($0 == want) r++ } END { printf "%.1f", n ? 100 * r / n : 0 }'
}

quality() {
	echo
	echo "== accuracy (%) on $data/dev: ns-lang | CLD2, 500 lines each"
	printf '%-8s %7s %7s  %7s %7s  %7s %7s\n' lang sent cld2 pairs cld2 words cld2
	for f in "$data"/dev/*.words.txt; do
		l=${f##*/}
		l=${l%.words.txt}
		want=${l%%-*}
		line=$l
		for k in "" .pairs .words; do
			a=$("$tmp/ns" < "$data/dev/$l$k.txt" | acc "$want")
			b=-
			[ -n "$cld2" ] && b=$("$cld2" < "$data/dev/$l$k.txt" | acc "$want")
			line="$line $a $b"
		done
		echo "$line"
	done > "$tmp/acc"
	awk '{ printf "%-8s %7s %7s  %7s %7s  %7s %7s\n", $1, $2, $3, $4, $5, $6, $7 }' "$tmp/acc"
	awk -v core="$CORE" '
	BEGIN { n = split(core, c, " "); for (i = 1; i <= n; i++) want[c[i]] = 1 }
	want[$1] { for (k = 2; k <= 7; k++) s[k] += $k; if (min == "" || $2 < min) { min = $2; minl = $1 } }
	$1 == "bs" || $1 == "hr" || $1 == "sr" { bhs = bhs sprintf(" %s %.1f (CLD2 %s)", $1, $2, $3) }
	END {
		printf "mean over %s:\n", core
		printf "  ns-lang: sentences %.2f  pairs %.2f  words %.2f   (targets 99 / 95 / 83)\n", s[2] / n, s[4] / n, s[6] / n
		if (s[3] > 0)
			printf "  CLD2:    sentences %.2f  pairs %.2f  words %.2f\n", s[3] / n, s[5] / n, s[7] / n
		printf "  lowest sentence accuracy of the nine: %s %.1f (target >= 95)\n", minl, min
		printf "  bs/hr/sr sentences:%s (target >= 85 each)\n", bhs
	}' "$tmp/acc"
}

# Calibration on the held-out lines of the training text: every 20th line
# of each file staged by models/lang-corpus.sh (the trainer's --holdout
# 20), and a word and a word pair from each.  These lines were not
# trained on, and they are not the dev set reported above.
calib() {
	echo
	echo "== calibration on held-out training lines (every 20th line of models/lang-corpus.sh's files)"
	sh "$top/models/lang-corpus.sh" "$data" "$tmp/corpus" >/dev/null
	: > "$tmp/units"
	for f in "$tmp"/corpus/*.txt; do
		l=${f##*/}
		l=${l%.txt}
		awk -v l="$l" 'NR % 20 == 0 {
			print l "\tsent\t" $0
			n = split($0, w, /[ \t]+/)
			k = 0
			for (i = 1; i <= n; i++) {
				gsub(/^[[:punct:][:digit:]]+|[[:punct:][:digit:]]+$/, "", w[i])
				if (length(w[i]) >= 3) ww[++k] = w[i]
			}
			if (k >= 1) print l "\tword\t" ww[NR / 20 % k + 1]
			if (k >= 2) { j = NR / 20 % (k - 1) + 1; print l "\tpair\t" ww[j] " " ww[j + 1] }
			delete ww
		}' "$f" >> "$tmp/units"
	done
	cut -f3 "$tmp/units" | "$tmp/ns" > "$tmp/pred"
	paste "$tmp/units" "$tmp/pred" | awk -F'\t' '
	{
		right = $4 == $1; p = $5; b = int(p * 10); if (b > 9) b = 9
		n[b]++; conf[b] += p; ok[b] += right; N++; R += right
		kn[$2]++; kr[$2] += right
		kb[$2, b]++; kc[$2, b] += p; ko[$2, b] += right
	}
	END {
		printf "%-10s %7s %9s %9s\n", "bin", "units", "mean p", "right"
		for (b = 0; b < 10; b++) if (n[b]) {
			printf "[%.1f,%.1f) %7d %9.4f %9.4f\n", b / 10, (b + 1) / 10, n[b], conf[b] / n[b], ok[b] / n[b]
			ece += n[b] / N * (conf[b] / n[b] - ok[b] / n[b] > 0 ? conf[b] / n[b] - ok[b] / n[b] : ok[b] / n[b] - conf[b] / n[b])
		}
		printf "units %d, accuracy %.4f, ECE %.4f\n", N, R / N, ece
		split("word pair sent", kinds, " ")
		for (i = 1; i <= 3; i++) {
			k = kinds[i]; e = 0
			for (b = 0; b < 10; b++) if (kb[k, b]) {
				d = kc[k, b] / kb[k, b] - ko[k, b] / kb[k, b]
				e += kb[k, b] / kn[k] * (d > 0 ? d : -d)
			}
			printf "  %-5s units %6d, accuracy %.4f, ECE %.4f\n", k, kn[k], kr[k] / kn[k], e
		}
	}'
	min=$("$tmp/ns" -i)
	echo "default --min-score of the built-in model (chosen at training from the held-out reliability): $min"
	paste "$tmp/units" "$tmp/pred" | awk -F'\t' -v m="$min" '
	{ N++; k[$2]++; if ($5 < m) { u++; ku[$2]++; if ($4 == $1) ur++ } }
	END {
		printf "below it (\"und\"): %.4f of the units (words %.4f, pairs %.4f, sentences %.4f); %.4f of those were right\n",
		    u / N, ku["word"] / k["word"], ku["pair"] / k["pair"], ku["sent"] / k["sent"], u ? ur / u : 0
	}'
}

# Best user+system CPU seconds of three runs of a command.
cpu() {
	best=
	for i in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$tmp/time" sh -c "$1" > /dev/null
		t=$(awk '{ print $1 + $2 }' "$tmp/time")
		best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
	done
	echo "$best"
}

# ns-lang against jq -c . on the NDJSON records of file $2 (described by
# $1); $3 follows the ratio.
vsjq() {
	mbj=$(wc -c < "$2" | awk '{ printf "%.2f", $1 / 1e6 }')
	t_j=$(cpu "jq -c . < '$2'")
	t_n=$(cpu "'$bin' < '$2'")
	echo "NDJSON records ($1): $mbj MB"
	echo "  ns-lang:   $t_n s, $(echo "$mbj $t_n" | awk '{ printf "%.1f", $1 / $2 }') MB/s"
	echo "  jq -c .:   $t_j s, $(echo "$mbj $t_j" | awk '{ printf "%.1f", $1 / $2 }') MB/s"
	echo "  ns-lang / jq speed: $(echo "$t_j $t_n" | awk '{ printf "%.2f", $1 / $2 }')$3"
}

speed() {
	echo
	echo "== speed (CPU seconds, best of 3, one core)"
	if [ $havedata = 1 ]; then
		# The dev sentences (not the word and word-pair lists).
		ls "$data"/dev/*.txt | grep -v -e '\.pairs\.txt$' -e '\.words\.txt$' |
		    xargs cat > "$tmp/one"
		cat "$data"/dev/*.pairs.txt "$data"/dev/*.words.txt > "$tmp/short"
	else
		cat "$top"/tests/fixtures/seeds/*.txt > "$tmp/one"
	fi
	: > "$tmp/sents"
	while [ "$(wc -c < "$tmp/sents")" -lt 20000000 ]; do
		cat "$tmp/one" >> "$tmp/sents"
	done
	mb=$(wc -c < "$tmp/sents" | awk '{ printf "%.2f", $1 / 1e6 }')
	lines=$(wc -l < "$tmp/sents")
	t_ns=$(cpu "'$tmp/ns' -q < '$tmp/sents'")
	echo "raw sentences: $mb MB, $lines lines"
	echo "  ns-lang (libns driver):  $t_ns s, $(echo "$mb $t_ns" | awk '{ printf "%.1f", $1 / $2 }') MB/s"
	if [ -n "$cld2" ]; then
		t_c=$(cpu "'$cld2' -q < '$tmp/sents'")
		echo "  CLD2 (same driver):      $t_c s, $(echo "$mb $t_c" | awk '{ printf "%.1f", $1 / $2 }') MB/s"
		echo "  ns-lang / CLD2 speed:    $(echo "$t_c $t_ns" | awk '{ printf "%.2f", $1 / $2 }') (target >= 1)"
	fi
	t_l=$(cpu "'$bin' --lines < '$tmp/sents'")
	echo "  ns-lang --lines (CLI, NDJSON out): $t_l s, $(echo "$mb $t_l" | awk '{ printf "%.1f", $1 / $2 }') MB/s"
	jq -Rc '{id: input_line_number, text: .}' < "$tmp/sents" > "$tmp/recs"
	vsjq "one sentence each" "$tmp/recs" " (target >= 1)"
	if [ $havedata = 1 ]; then
		: > "$tmp/shortrecs"
		while [ "$(wc -c < "$tmp/shortrecs")" -lt 20000000 ]; do
			jq -Rc '{id: input_line_number, text: .}' < "$tmp/short" >> "$tmp/shortrecs"
		done
		vsjq "a dev word or word pair each" "$tmp/shortrecs" ""
	fi
	# Documents: 200 lines of one file per record; early stop at work.
	if [ $havedata = 1 ]; then
		for f in "$data"/dev/??.txt; do
			jq -cRs --arg f "${f##*/}" '{id: $f, text: .}' < "$f"
		done > "$tmp/docs1"
		for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
			cat "$tmp/docs1"
		done > "$tmp/docs"
		vsjq "a dev file of 500 lines each; ns-lang stops early once certain" "$tmp/docs" ""
		"$bin" < "$tmp/docs1" | jq -r .lang > "$tmp/early"
		for f in "$data"/dev/??.txt; do
			b=${f##*/}
			echo "${b%.txt}"
		done > "$tmp/truth"
		echo "  documents right: $(paste -d' ' "$tmp/early" "$tmp/truth" | awk '$1 == $2 { r++ } $1 != $2 { bad = bad " " $2 "->" $1 } END { print r "/" NR bad }')"
	fi
	best=
	for i in 1 2 3 4 5; do
		t=$("$tmp/ns" -l)
		best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
	done
	echo "model load (built-in, $(wc -c < "$top/models/lang.bin") bytes; open and identify a sentence): $best ms (target < 20)"
	best=
	for i in 1 2 3 4 5; do
		s0=$(date +%s%N)
		echo '{"text":"Переговоры продолжатся завтра."}' | "$bin" > /dev/null
		t=$(( ($(date +%s%N) - s0) / 1000 ))
		best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }')
	done
	echo "whole process for one record (exec, ICU, model, output): $(awk -v t="$best" 'BEGIN { printf "%.1f", t / 1000 }') ms"
	/usr/bin/time -f '%M' -o "$tmp/mem" "$bin" < "$tmp/recs" > /dev/null
	echo "peak memory, ns-lang on the NDJSON records: $(awk '{ printf "%.1f", $1 / 1024 }' "$tmp/mem") MB (target < 64)"
}

case $what in
all)
	if [ $havedata = 1 ]; then quality; calib; fi
	speed ;;
quality) [ $havedata = 1 ] && quality ;;
calib) [ $havedata = 1 ] && calib ;;
speed) speed ;;
*) echo "usage: sh bench/ns-lang.sh [all|quality|calib|speed]" >&2; exit 2 ;;
esac
