#!/usr/bin/env bats
# ns-lang.bats: language identification on real text, options, bad input.

load helper

setup() {
	common_setup
}

# The seed articles as NDJSON records, one per file, in file order.
seed_records() {
	local f
	for f in "$SEEDS"/*.txt; do
		jq -Rsc --arg id "$(basename "$f" .txt)" '{id: $id, text: .}' < "$f"
	done
}

@test "the seed articles are ru, ru, uk, bg, ru" {
	seed_records > seeds.jsonl
	run -0 --separate-stderr bash -c "ns-lang seeds.jsonl | jq -r '[.id, .lang, (.lang_score >= 0.99)] | @tsv'"
	assert_equal "${#lines[@]}" 5
	assert_line --index 0 $'000_814065d34073cabb\tru\ttrue'
	assert_line --index 1 $'001_1ef1a0633de8ea85\tru\ttrue'
	assert_line --index 2 $'002_0eb56f0bcda4d5b8\tuk\ttrue'
	assert_line --index 3 $'003_8bfec394be4f21b2\tbg\ttrue'
	assert_line --index 4 $'004_fee3d157b1e92951\tru\ttrue'
	assert_equal "$stderr" ""
}

@test "the seeds through ns-split are ru, ru, uk, bg, ru" {
	[ -x "$TOP/bin/ns-split" ] || skip "ns-split is not built in this tree"
	run -0 bash -c "ns-split '$SEEDS'/*.txt | ns-lang | jq -r .lang"
	assert_output $'ru\nru\nuk\nbg\nru'
}

@test "every paragraph of the seeds gets its article's language" {
	seed_records | jq -c '.id as $id | .text | split("\n\n")[] | select(length > 40) | {id: $id, text: .}' > paras.jsonl
	run -0 bash -c "ns-lang paras.jsonl | jq -r '.id[0:3] + \" \" + .lang' | uniq -c | awk '{ print \$2, \$3, \$1 }'"
	assert_output $'000 ru 16\n001 ru 12\n002 uk 10\n003 bg 12\n004 ru 10'
}

@test "short strings in close languages" {
	printf '%s\n' 'Что происходит?' 'Що відбувається?' 'Какво става?' \
	    'Што се случува?' 'Шта се дешава?' 'Šta se dešava?' \
	    'Што адбываецца?' 'Co się dzieje?' 'Co se děje?' \
	    'Čo sa deje?' 'Kaj se dogaja?' 'What is going on?' > short.txt
	run -0 bash -c "ns-lang --lines short.txt | jq -r .lang | paste -sd' '"
	assert_output "ru uk bg mk sr sr be pl cs sk sl en"
}

@test "single words with the letters that set languages apart" {
	printf '%s\n' 'їжак' 'ўсё' 'объяснение' 'ѓубре' 'ђак' 'съм' > words.txt
	run -0 bash -c "ns-lang --lines --min-score 0 words.txt | jq -r .lang | paste -sd' '"
	assert_output "uk be ru mk sr bg"
}

@test "a record keeps its fields and gets lang and lang_score at the end" {
	printf '%s\n' '{"id":"k1","n":1.50,"text":"Президент України зустрівся з делегацією.","x":[1, 2]}' > in.jsonl
	run -0 ns-lang in.jsonl
	assert_output --regexp '^\{"id":"k1","n":1.50,"text":"Президент України зустрівся з делегацією.","x":\[1, 2\],"lang":"uk","lang_score":(1|0\.9[0-9]*)\}$'
}

@test "fields ns-lang owns are replaced, not repeated" {
	printf '%s\n' '{"lang":"xx","text":"Переговоры продолжатся завтра в Майами.","lang_score":0.1,"id":"r"}' > in.jsonl
	run -0 bash -c "ns-lang in.jsonl | jq -c '[keys_unsorted, .lang]'"
	assert_output '[["text","id","lang","lang_score"],"ru"]'
}

@test "--top adds the best languages with scores that add up" {
	printf '%s\n' '{"text":"Специалният пратеник на САЩ пристигна в Москва."}' > in.jsonl
	run -0 bash -c "ns-lang --top 3 in.jsonl | jq -c '[.lang, (.langs | length), .langs[0].lang, (.langs[0].score == .lang_score), (.langs[0].score >= .langs[1].score)]'"
	assert_output '["bg",3,"bg",true,true]'
	run -0 bash -c "ns-lang --top 64 in.jsonl | jq '.langs | length'"
	assert_output 7
}

@test "--only restricts the candidates" {
	printf '%s\n' '{"text":"Специалният пратеник на САЩ пристигна в Москва."}' > in.jsonl
	run -0 bash -c "ns-lang --only ru,uk --top 5 in.jsonl | jq -c '[.langs[].lang] | sort'"
	assert_output '["ru","uk"]'
	run -0 bash -c "ns-lang --only en in.jsonl | jq -c '[.lang, .lang_score]'"
	assert_output '["und",0]'
	run -2 --separate-stderr ns-lang --only ru,xx in.jsonl
	assert_equal "${stderr_lines[0]}" "ns-lang: --only: unknown language: xx"
	run -2 --separate-stderr ns-lang --only ru,,uk in.jsonl
	assert_equal "${stderr_lines[0]}" "ns-lang: --only: bad list: ru,,uk"
}

@test "--min-score says und below it and keeps the score" {
	printf '%s\n' '{"text":"Не зная."}' > in.jsonl
	run -0 bash -c "ns-lang --min-score 0.9999 in.jsonl | jq -c '[.lang, (.lang_score > 0 and .lang_score < 0.9999)]'"
	assert_output '["und",true]'
	run -0 bash -c "ns-lang --min-score 0 in.jsonl | jq -r .lang"
	refute_output und
	run -2 --separate-stderr ns-lang --min-score 1.5 in.jsonl
	assert_equal "${stderr_lines[0]}" "ns-lang: --min-score: out of range (0..1): 1.5"
	run -2 --separate-stderr ns-lang --top 0 in.jsonl
	assert_equal "${stderr_lines[0]}" "ns-lang: --top: out of range (1..64): 0"
}

@test "text without letters, or in another script, is und with score 0" {
	printf '%s\n' '{"text":"12:30 — 2025!"}' '{"text":""}' '{"text":"東京は晴れ"}' > in.jsonl
	run -0 bash -c "ns-lang --top 2 in.jsonl | jq -c '[.lang, .lang_score, .langs]'"
	assert_output $'["und",0,[]]\n["und",0,[]]\n["und",0,[]]'
}

@test "--spans finds the English quotation in a Russian record" {
	printf '%s\n' '{"id":"m1","text":"Переговоры в Майами продолжатся завтра. Стив Уиткофф заявил журналистам следующее. \"We made real progress today, and we will meet again next week.\" После этого делегации разъехались."}' > mixed.jsonl
	run -0 bash -c "ns-lang --spans mixed.jsonl | jq -c '[.lang, (.lang_spans | map([.lang, .start, .end]))]'"
	assert_output '["ru",[["ru",0,83],["en",83,148],["ru",148,182]]]'
	run -0 bash -c "ns-lang --spans mixed.jsonl | jq -r '.text as \$t | .lang_spans[1] | \$t[.start:.end]'"
	assert_output '"We made real progress today, and we will meet again next week." '
}

@test "--spans on a one-language record is one run over the whole text" {
	printf '%s\n' '{"text":"Кремль не комментирует переговоры. Встреча прошла в Майами."}' > in.jsonl
	run -0 bash -c "ns-lang --spans in.jsonl | jq -c '.lang_spans | map([.lang, .start, .end])'"
	assert_output '[["ru",0,59]]'
}

@test "--field reads another member" {
	printf '%s\n' '{"title":"Що відбувається в Києві?","text":"Что происходит в Москве?"}' > in.jsonl
	run -0 bash -c "ns-lang -f title in.jsonl | jq -r .lang"
	assert_output uk
	run -1 --separate-stderr ns-lang -f body in.jsonl
	assert_equal "$stderr" "ns-lang: in.jsonl:1: missing field \"body\""
}

@test "--lines reads raw text, one record per line, and repairs bad UTF-8" {
	printf 'Что происходит?\n\nCo si\xc4\x99 dzieje?\xff\n' > raw.txt
	run -0 --separate-stderr bash -c "ns-lang --lines raw.txt | jq -c '[.text, .lang]'"
	assert_line --index 0 '["Что происходит?","ru"]'
	assert_line --index 1 '["","und"]'
	assert_line --index 2 '["Co się dzieje?�","pl"]'
	assert_equal "$stderr" "ns-lang: raw.txt:3: invalid UTF-8 repaired (1 sequence)"
}

@test "bad records are reported with their line and the rest flows" {
	printf '%s\n' '{"id":1,"text":"Переговоры продолжатся."}' '{"id":2,"text":["x"]}' \
	    '{"id":3,"text":"Преговорите продължават."' '["text"]' \
	    '{"id":4,"text":"Переговори тривають."}' > bad.jsonl
	run -1 --separate-stderr bash -c "set -o pipefail; ns-lang bad.jsonl | jq -r '[.id, .lang] | @tsv'"
	assert_equal "$output" $'1\tru\n4\tuk'
	assert_equal "${stderr_lines[0]}" "ns-lang: bad.jsonl:2: field \"text\" is not a string"
	assert_equal "${stderr_lines[1]:0:40}" "ns-lang: bad.jsonl:3: invalid JSON at by"
	assert_equal "${stderr_lines[2]}" "ns-lang: bad.jsonl:4: not a JSON object"
	assert_equal "${#stderr_lines[@]}" 3
}

@test "--model loads a model file; a bad one is an error" {
	run -2 --separate-stderr ns-lang --model nosuch.bin "$FIX/contract.jsonl"
	assert_equal "$stderr" "ns-lang: nosuch.bin: No such file or directory"
	head -c 4096 /dev/urandom > junk.bin
	run -2 --separate-stderr ns-lang --model junk.bin "$FIX/contract.jsonl"
	assert_equal "$stderr" "ns-lang: junk.bin: not an ns-lang model"
	cp "$TOP/models/lang.bin" copy.bin
	run -0 bash -c "ns-lang --model copy.bin '$FIX/contract.jsonl' | jq -r .lang"
	assert_output $'ru\nuk'
}

@test "ns-lang train builds a model from <code>.txt files" {
	mkdir corpus
	sed 's/\. /.\n/g' "$SEEDS"/000_*.txt "$SEEDS"/001_*.txt > corpus/ru.txt
	sed 's/\. /.\n/g' "$SEEDS"/002_*.txt > corpus/uk.txt
	sed 's/\. /.\n/g' "$SEEDS"/003_*.txt > corpus/bg.txt
	echo "not a language file" > corpus/README
	run -0 --separate-stderr ns-lang train -v --epochs 3 --holdout 4 --min-count 1 -o small.bin corpus
	assert_equal "$output" ""
	# Every 4th line of each file (blank lines count, are not kept).
	counts=$(awk '{ sub(/\r$/, "") } $0 != "" { n++; if (FNR % 4 == 0) h++ } END { print n " lines (" h " held out)" }' corpus/*.txt)
	assert_equal "${stderr_lines[0]}" "ns-lang: train: 3 languages, $counts"
	[ -s small.bin ]
	printf '%s\n' '{"text":"Американська сторона ознайомить делегатів"}' '{"text":"Специалният пратеник на САЩ"}' > two.jsonl
	run -0 bash -c "ns-lang --model small.bin --top 5 two.jsonl | jq -c '[.lang, (.langs | length)]'"
	assert_output $'["uk",3]\n["bg",3]'
}

@test "ns-lang train --relex adds the word lexicon to a model without one" {
	mkdir corpus
	sed 's/\. /.\n/g' "$SEEDS"/000_*.txt "$SEEDS"/001_*.txt > corpus/ru.txt
	sed 's/\. /.\n/g' "$SEEDS"/002_*.txt > corpus/uk.txt
	sed 's/\. /.\n/g' "$SEEDS"/003_*.txt > corpus/bg.txt
	run -0 ns-lang train --holdout 4 --min-count 1 --set lexweight=0 -o plain.bin corpus
	run -0 --separate-stderr ns-lang train -v --holdout 4 --relex plain.bin -o lex.bin corpus
	assert_output ""
	[[ "${stderr_lines[1]}" == "ns-lang: train: lexicon: "* ]]
	[ "$(wc -c < lex.bin)" -gt "$(wc -c < plain.bin)" ]
	# The lexicon is for short texts: sentences get the same answers.
	printf '%s\n' '{"text":"Американська сторона ознайомить делегатів"}' '{"text":"Специалният пратеник на САЩ"}' > two.jsonl
	run -0 bash -c "ns-lang --model lex.bin two.jsonl | jq -r .lang"
	assert_output $'uk\nbg'
	# A single word: the n-grams read the Bulgarian страни (seed 003)
	# as Russian (страны), the lexicon knows it from the Bulgarian text.
	echo '{"text":"страни"}' > word.jsonl
	run -0 bash -c "ns-lang --model plain.bin word.jsonl | jq -r .lang"
	assert_output ru
	run -0 bash -c "ns-lang --model lex.bin word.jsonl | jq -r .lang"
	assert_output bg
	run -2 --separate-stderr ns-lang train --relex lex.bin -o again.bin corpus
	assert_equal "$stderr" "ns-lang: train: the model has a lexicon already"
	[ ! -e again.bin ]
	run -2 --separate-stderr ns-lang train --refit plain.bin --relex plain.bin corpus
	assert_equal "${stderr_lines[0]}" "ns-lang: train: --refit or --relex, not both"
}

@test "ns-lang train --repack rewrites a model, losing nothing" {
	# The built-in model is in the current format (with dense runs):
	# rewriting it gives a model of the same size (the slots may be laid
	# out in another order) and the same answers.
	run -0 ns-lang train --repack "$TOP/models/lang.bin" -o re.bin
	assert_equal "$(wc -c < re.bin)" "$(wc -c < "$TOP/models/lang.bin")"
	ns-split --unit sent "$SEEDS"/*.txt | ns-lang --top 3 > builtin.out
	ns-split --unit sent "$SEEDS"/*.txt | ns-lang --top 3 --model re.bin > re.out
	cmp builtin.out re.out
	run -2 --separate-stderr ns-lang train --repack re.bin corpus
	assert_equal "${stderr_lines[0]}" "ns-lang: train: --repack takes no directory"
	run -2 --separate-stderr ns-lang train --repack nosuch.bin
	assert_equal "$stderr" "ns-lang: train: nosuch.bin: No such file or directory"
}

@test "ns-lang train: errors" {
	run -2 --separate-stderr ns-lang train
	assert_equal "${stderr_lines[0]}" "ns-lang: train: one directory expected"
	run -2 --separate-stderr ns-lang train nosuchdir
	assert_equal "$stderr" "ns-lang: train: nosuchdir: No such file or directory"
	mkdir empty
	run -2 --separate-stderr ns-lang train empty
	assert_equal "$stderr" "ns-lang: train: empty: no <code>.txt files"
	mkdir one && echo "Один язык." > one/ru.txt
	run -2 --separate-stderr ns-lang train -o x.bin one
	assert_equal "$stderr" "ns-lang: train: need text in two languages at least"
	[ ! -e x.bin ]
	run -2 --separate-stderr ns-lang train --set bogus=1 one
	assert_equal "${stderr_lines[0]}" "ns-lang: --set: unknown or bad setting: bogus=1"
}
