#!/bin/sh
# lang-corpus.sh: stage the training text of ns-lang's model from the
# langid data folder (../shared/data/langid), by source.
#
#   sh models/lang-corpus.sh [-x source,...] LANGID OUTDIR
#
# Writes OUTDIR/<code>.txt for `ns-lang train OUTDIR`: the lines of every
# LANGID/<code>.txt and, when present, LANGID/debian/<code>.txt (made by
# LANGID/debian-topup.sh), taken by line range from their MANIFEST.tsv,
# except the sources named with -x (MANIFEST ids: wmt, bsnlp, brown-uk,
# flores, ud, ud-snk-source, tatoeba, tico19, wmt-wikipedia, europeana,
# deb-gnome, deb-lohelp, deb-man).  sr-Latn.txt adds its lines that are
# not in sr.txt to sr.  The dev/ folder is never read.  Also writes
# OUTDIR/SOURCES.tsv: lines per language and source.
set -eu

usage() {
	echo "usage: sh models/lang-corpus.sh [-x source,...] LANGID OUTDIR" >&2
	exit 2
}

drop=
while getopts x: opt; do
	case $opt in
	x) drop="$drop,$OPTARG" ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 2 ] || usage
src=$1
out=$2
[ -f "$src/MANIFEST.tsv" ] || { echo "lang-corpus.sh: $src: no MANIFEST.tsv" >&2; exit 2; }
mkdir -p "$out"
rm -f "$out"/*.txt "$out/SOURCES.tsv"

# One manifest row: file source first last lines bytes.
stage() {
	manifest=$1
	dir=$2
	tail -n +2 "$manifest" | while IFS='	' read -r file source first last _; do
		case $file in
		dev/*) continue ;;
		esac
		case ",$drop," in
		*",$source,"*) continue ;;
		esac
		base=${file##*/}
		code=${base%.txt}
		code=${code%%-*}
		sed -n "${first},${last}p" "$dir/$base" > "$out/.part"
		# A line already staged for the language is not added again
		# (sr-Latn.txt repeats the Latin lines of sr.txt).
		touch "$out/$code.txt"
		n0=$(wc -l < "$out/$code.txt")
		awk -v old="$out/$code.txt" '
		    BEGIN { while ((getline l < old) > 0) seen[l] = 1 }
		    !($0 in seen) { seen[$0] = 1; print }' \
		    "$out/.part" >> "$out/$code.txt"
		n1=$(wc -l < "$out/$code.txt")
		printf '%s\t%s\t%s\t%d\n' "$code" "$source" "$base" \
		    $((n1 - n0)) >> "$out/SOURCES.tsv"
	done
}

# sr.txt before sr-Latn.txt, so that the superset only adds what is new.
stage "$src/MANIFEST.tsv" "$src"
if [ -f "$src/debian/MANIFEST.tsv" ]; then
	stage "$src/debian/MANIFEST.tsv" "$src/debian"
fi
rm -f "$out/.part"
