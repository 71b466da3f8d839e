#!/bin/sh
# ns-split benchmark: sentence boundaries against gold data (ns-split and
# bare ICU), then speed and peak memory on a 100 MB NDJSON corpus next to
# `jq -c .` on the same bytes, then where the time goes (perf, if present).
# Run from the top directory (make bench, or sh bench/ns-split.sh).
#   NS_BENCH_MB=100   corpus size in MB       NS_BENCH_RUNS=3  runs each
set -eu
cd "$(dirname "$0")/.."
UD=../shared/data/ud
OUT=bench/out
MB=${NS_BENCH_MB:-100}
RUNS=${NS_BENCH_RUNS:-3}
mkdir -p "$OUT"
make -s all sentbench
SENTBENCH=build/rel/bench/sentbench

echo "== sentence boundaries (P/R/F1 of boundaries inside paragraphs)"
echo "   gold: hand-written news (tests/fixtures/sent), UD dev sets ($UD)"
if [ -d "$UD" ]; then
	"$SENTBENCH" tests/fixtures/sent/*.txt "$UD"/ru_*.conllu \
	    "$UD"/uk_*.conllu "$UD"/bg_*.conllu
	echo "   other languages (UD dev):"
	"$SENTBENCH" $(ls "$UD"/*.conllu | grep -v -e /ru_ -e /uk_ -e /bg_)
else
	echo "   $UD absent: UD dev sets skipped"
	"$SENTBENCH" tests/fixtures/sent/*.txt
fi

echo
echo "== speed: ${MB} MB of NDJSON articles built from the seed fixtures"
CORPUS=$OUT/corpus-$MB.jsonl
if [ ! -s "$CORPUS" ] || [ bench/mkcorpus.py -nt "$CORPUS" ]; then
	python3 bench/mkcorpus.py "$MB" "$CORPUS" tests/fixtures/seeds/*.txt
fi
BYTES=$(wc -c < "$CORPUS")
echo "   $CORPUS: $BYTES bytes, $(wc -l < "$CORPUS") records, all distinct"

# once NAME CMD...: one timed run; keeps the best wall time, the best CPU
# time (user + system) and the largest peak RSS per NAME.  Runs of the
# tools alternate, so that a busy machine slows them alike; CPU time is
# the steadier figure when other jobs share the cores.
TIMEBIN=/usr/bin/time
[ -x "$TIMEBIN" ] || TIMEBIN=
once() {
	name=$1
	shift
	if [ -n "$TIMEBIN" ]; then
		"$TIMEBIN" -f "%e %U %S %M" -o "$OUT/time" "$@" \
		    < "$CORPUS" > /dev/null
		read -r t u sy m < "$OUT/time"
		c=$(echo "$u $sy" | awk '{ print $1 + $2 }')
	else
		s=$(date +%s.%N)
		"$@" < "$CORPUS" > /dev/null
		t=$(echo "$(date +%s.%N) $s" | awk '{ print $1 - $2 }')
		c=$t m=0
	fi
	eval "best=\${T_$name:-} cpu=\${C_$name:-} rss=\${M_$name:-0}"
	best=$(echo "$t $best" | awk '{ print ($2 == "" || $1 < $2) ? $1 : $2 }')
	cpu=$(echo "$c $cpu" | awk '{ print ($2 == "" || $1 < $2) ? $1 : $2 }')
	[ "$m" -gt "$rss" ] && rss=$m
	eval "T_$name=$best C_$name=$cpu M_$name=$rss CMD_$name=\"\$*\""
}
report() {
	eval "best=\$T_$1 cpu=\$C_$1 rss=\$M_$1 cmd=\$CMD_$1"
	mbs=$(echo "$BYTES $best" | awk '{ printf "%.1f", $1 / 1e6 / $2 }')
	cmbs=$(echo "$BYTES $cpu" | awk '{ printf "%.1f", $1 / 1e6 / $2 }')
	eval "MBS_$1=$mbs CMBS_$1=$cmbs"
	if [ "$rss" -gt 0 ]; then
		mem=$(echo "$rss" | awk '{ printf "%.1f MB", $1 / 1024 }')
	else
		mem="n/a (no GNU time)"
	fi
	printf '   %-28s wall %5.2f s %5s MB/s   CPU %5.2f s %5s MB/s   peak RSS %s\n' \
	    "$cmd" "$best" "$mbs" "$cpu" "$cmbs" "$mem"
}
echo "   best of $RUNS alternating runs each; load average before:" \
    "$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
i=0
while [ "$i" -lt "$RUNS" ]; do
	once jq jq -c .
	once sent bin/ns-split --unit sent
	once para bin/ns-split --unit para
	once doc bin/ns-split
	i=$((i + 1))
done
for n in jq sent para doc; do
	report $n
done
# shellcheck disable=SC2154
for k in MBS CMBS; do
	eval "j=\$${k}_jq s=\$${k}_sent p=\$${k}_para d=\$${k}_doc"
	[ "$k" = MBS ] && what="wall time" || what="CPU time "
	awk -v s="$s" -v p="$p" -v d="$d" -v j="$j" -v w="$what" \
	    'BEGIN { printf "   ratio to jq -c . (%s): --unit sent %.2f " \
	    "(target >= 0.5), --unit para %.2f, --unit doc %.2f\n", w,
	    s / j, p / j, d / j }'
done
bin/ns-split --unit sent < "$CORPUS" | wc -lc |
    awk '{ print "   --unit sent output: " $1 " records, " $2 " bytes" }'

echo
echo "== where the time goes: perf, ns-split --unit sent on 20 MB"
if command -v perf > /dev/null 2>&1 &&
    head -c 20000000 "$CORPUS" | sed '$d' > "$OUT/slice.jsonl" &&
    perf record -q -o "$OUT/perf.data" bin/ns-split --unit sent \
    "$OUT/slice.jsonl" > /dev/null 2>&1; then
	perf report -q -i "$OUT/perf.data" --no-children --sort dso,symbol \
	    --stdio 2>/dev/null | awk '
	/%/ {
		p = $1; sub(/%/, "", p); dso = $2; sym = $4
		if (dso ~ /jansson/ || sym ~ /^(json_|ns_record_parse)/)
			c = "JSON parsing (jansson)"
		else if (dso ~ /libicu/)
			c = "segmentation: ICU break iterator"
		else if (sym ~ /^(ns_sent|decide|candidates|addspan|wordbefore|icuguess|plain|abbrof)/)
			c = "segmentation: sentence rules"
		else if (sym ~ /^(ns_words|ns_cp_class|lookup|hash|letterrun|ns_strmap|XXH3|ns_wordlist|countwords|utf8proc)/ || dso ~ /xxhash|utf8proc/)
			c = "segmentation: words, stop words, language"
		else if (sym ~ /^(ns_split|addpara|paragraphs|ns_boiler|ns_header|ns_utf8)/)
			c = "segmentation: paragraphs, header, boilerplate"
		else if (sym ~ /^(ns_buf|ns_emit|ns_cli_write|ns_cli_flush|unitrecord|units|record)/)
			c = "output: records, JSON strings, buffers"
		else if (dso ~ /kernel/)
			c = "kernel (read, write)"
		else if (dso ~ /libc/)
			c = "libc (memcpy, malloc; all stages)"
		else
			c = "other"
		t[c] += p
	}
	END { for (c in t) printf "   %5.1f%%  %s\n", t[c], c }' | sort -rn
else
	echo "   perf not available here: no profile"
fi
