#!/bin/sh
# lang-corpus.sh: stage the training text of ns-lang's model from the
# langid data folder (../shared/data/langid), by source.
#
#   sh models/lang-corpus.sh [-x source,...] [-u UD] LANGID OUTDIR
#
# Writes OUTDIR/<code>.txt for `ns-lang train OUTDIR`: the lines of every
# LANGID/<code>.txt and, when present, LANGID/debian/<code>.txt (made by
# LANGID/debian-topup.sh), taken by line range from their MANIFEST.tsv,
# except the sources named with -x (MANIFEST ids: wmt, bsnlp, brown-uk,
# flores, ud, ud-snk-source, tatoeba, tico19, wmt-wikipedia, europeana,
# deb-gnome, deb-lohelp, deb-man; and the two below).  sr-Latn.txt adds
# its lines that are not in sr.txt to sr.  Then, unless dropped:
#
#   ud-extra    the `# text` sentences of the UD dev files that langid/
#               left out (-u UD, default LANGID/../ud: ru_gsd, ru_taiga, uk_iu, bg_btb,
#               pl_pdb), 10-1000 bytes and two words or more;
#   sr-translit the Cyrillic Serbian lines in Latin letters
#               (models/sr-translit.py; python3), but not those that are
#               held out (every 20th line, ns-lang train's default), nor
#               FLORES: it is multi-parallel, and its Serbian in Latin
#               letters would be the translation of the Bosnian and
#               Croatian FLORES sentences, content for content.
#
# The dev/ files are read only to keep their lines out: no line equal to
# a dev line is added by these two steps.  Also writes OUTDIR/SOURCES.tsv:
# lines per language and source.
set -eu

usage() {
	echo "usage: sh models/lang-corpus.sh [-x source,...] [-u ud] LANGID OUTDIR" >&2
	exit 2
}

drop=
ud=
while getopts u:x: opt; do
	case $opt in
	u) ud=$OPTARG ;;
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
rm -f "$out"/*.txt "$out/SOURCES.tsv" "$out"/.src.*

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
		awk -v old="$out/$code.txt" -v src="$out/.src.$code" \
		    -v id="$source" '
		    BEGIN { while ((getline l < old) > 0) seen[l] = 1 }
		    !($0 in seen) { seen[$0] = 1; print; print id >> src }' \
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

# Lines of stdin not in $out/$1.txt nor in the dev sets, appended to it.
addnew() {
	code=$1
	source=$2
	base=$3
	touch "$out/$code.txt"
	n0=$(wc -l < "$out/$code.txt")
	cat "$src"/dev/*.txt > "$out/.dev"
	awk -v old="$out/$code.txt" -v dev="$out/.dev" '
	    BEGIN { while ((getline l < old) > 0) seen[l] = 1
		    while ((getline l < dev) > 0) seen[l] = 1 }
	    !($0 in seen) { seen[$0] = 1; print }' >> "$out/$code.txt"
	n1=$(wc -l < "$out/$code.txt")
	printf '%s\t%s\t%s\t%d\n' "$code" "$source" "$base" \
	    $((n1 - n0)) >> "$out/SOURCES.tsv"
	rm -f "$out/.dev"
}

[ -n "$ud" ] || ud=$src/../ud
case ",$drop," in
*,ud-extra,*) ;;
*)
	for tb in ru_gsd ru_taiga uk_iu bg_btb pl_pdb; do
		f=$ud/$tb-ud-dev.conllu
		[ -f "$f" ] || continue
		sed -n 's/^# text = //p' "$f" |
		    awk 'length($0) >= 10 && length($0) <= 1000 && NF >= 2' |
		    addnew "${tb%%_*}" ud-extra "${f##*/}"
	done ;;
esac
case ",$drop," in
*,sr-translit,*) ;;
*)
	if [ -f "$out/sr.txt" ]; then
		paste "$out/.src.sr" "$out/sr.txt" |
		    awk -F '\t' 'NR % 20 != 0 && $1 != "flores"' |
		    cut -f2- |
		    python3 "$(dirname "$0")/sr-translit.py" \
		    "$src"/dev/sr*.txt | addnew sr sr-translit sr.txt
	fi ;;
esac
rm -f "$out"/.src.*
