#!/bin/sh
# seg-compare.sh: word segments of lib/seg.c's fast path against ICU alone
# (NS_SEG_WORD against NS_SEG_WORD_ICU), span by span (bytes, code
# points, class), over all the text of ../shared/data: the language-ID
# text and its dev files, each file whole and line by line; SlavicNER's
# raw documents; UD's "# text" lines.  Prints the count of differences,
# which must be 0.  Run from the top directory (make bench-seg).
set -eu

DATA=${NS_DATA:-../shared/data}
SEGCMP=${SEGCMP:-build/rel/bench/segcmp}

if [ ! -d "$DATA/langid" ]; then
	echo "seg-compare: $DATA not found"
	exit 0
fi
[ -x "$SEGCMP" ] || make --no-print-directory "$SEGCMP" > /dev/null
status=0
run() {
	printf '%-34s' "$1:"
	shift
	"$SEGCMP" "$@" | sed 's/^segcmp: //' || status=1
}
run "langid, whole files" "$DATA"/langid/*.txt "$DATA"/langid/dev/*.txt
run "langid, lines" -l "$DATA"/langid/*.txt "$DATA"/langid/dev/*.txt
run "slavicner raw documents" $(find "$DATA/slavicner/raw" -type f \
    -name '*.txt' | sort)
run "ud # text lines" -u "$DATA"/ud/*.conllu
exit $status
