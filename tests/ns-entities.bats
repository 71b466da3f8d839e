#!/usr/bin/env bats
# ns-entities.bats: entities, offsets, lemmas and keys on the seed articles;
# the options; training and clusters on our own fixture.

load helper

setup() {
	common_setup
}

# The seed articles as NDJSON records, one per file, with their language
# (until ns-split is on main: then `ns-split $SEEDS/*.txt | ns-lang`).
seeds() {
	local f id lang
	for f in "$SEEDS"/*.txt; do
		id=$(basename "$f" .txt)
		case $id in
		002_*) lang=uk ;;
		003_*) lang=bg ;;
		*) lang=ru ;;
		esac
		jq -Rsc --arg id "$id" --arg lang "$lang" \
		    '{id: $id, lang: $lang, text: .}' "$f"
	done
}

tagged_seeds() {
	seeds > seeds.ndjson
	ns-entities seeds.ndjson > tagged.ndjson
}

# "TYPE<tab>text" of every entity of seed $1 (its number, e.g. 001).
ents_of() {
	jq -r --arg n "$1" 'select(.id | startswith($n)) |
	    .entities[] | "\(.type)\t\(.text)"' tagged.ndjson | sort -u
}

@test "every entity's offsets index its text in code points" {
	tagged_seeds
	run -0 jq -r '.text as $t | .entities[] |
	    select($t[.start:.end] != .text) | .text' tagged.ndjson
	assert_output ""
	run -0 jq '[.entities | length] | add' tagged.ndjson
	[ "$(jq -s 'map(.entities | length) | add' tagged.ndjson)" -gt 200 ]
}

@test "offsets count code points after a character outside the BMP" {
	printf '%s\n' '{"id":"e","lang":"ru","text":"😀 Стив Уиткофф прилетел в Майами."}' > e.jsonl
	run -0 ns-entities e.jsonl
	run -0 jq -c '.entities[] | [.text, .start, .end]' <<< "$output"
	assert_line --index 0 '["Стив Уиткофф",2,14]'
	assert_line --index 1 '["Майами",26,32]'
}

@test "names written in lower case on purpose are found (путиным, россия)" {
	tagged_seeds
	run -0 ents_of 000
	assert_line $'PER\tпутиным'
	assert_line $'LOC\tроссия'
}

@test "a typo in a name (Трапа) is still a person" {
	tagged_seeds
	run -0 ents_of 001
	assert_line $'PER\tДональда Трапа'
}

@test "acronyms: США, РФ, НАТО, МИД, ЕС" {
	tagged_seeds
	run -0 ents_of 004
	assert_line $'LOC\tСША'
	assert_line $'ORG\tНАТО'
	assert_line $'ORG\tЕС'
	assert_line $'ORG\tМИД РФ'
	run -0 ents_of 000
	assert_line $'LOC\tРФ'
	assert_line $'ORG\tМИД Германии'
	run -0 ents_of 003
	assert_line $'ORG\tНАТО'
}

@test "quoted names, without their quotes: «Главком», \"The Moscow Times\"" {
	tagged_seeds
	run -0 ents_of 002
	assert_line $'ORG\tГлавком'
	run -0 ents_of 000
	assert_line $'PRO\tThe Moscow Times'
}

@test "Latin-script names in Cyrillic text: Kyiv Post, Politico, Axios" {
	tagged_seeds
	run -0 ents_of 001
	assert_line $'ORG\tKyiv Post'
	run -0 ents_of 002
	assert_line $'PRO\tPolitico'
	run -0 ents_of 003
	assert_line $'ORG\tAxios'
}

@test "a doubled surname: Сергей Лавров Лавров is the name, then the surname, one key" {
	# The repeated word ends the name (a name does not hold one word
	# twice in a row) and is a mention of its own: it is in the text,
	# and it takes the full name's key like any lone surname.
	tagged_seeds
	run -0 jq -r 'select(.id | startswith("004")) | .entities[] |
	    select(.text | test("Лавров")) |
	    "\(.type)\t\(.text)\t\(.start)\t\(.end)\t\(.lemma)\t\(.key)"' tagged.ndjson
	assert_output $'PER\tСергей Лавров\t346\t359\tСергей Лавров\tserhe lewrw\nPER\tЛавров\t360\t366\tЛавров\tserhe lewrw'
}

@test "the same in Ukrainian and Bulgarian, and for Путин Путин" {
	printf '%s\n' \
	    '{"lang":"uk","text":"Про це заявив міністр закордонних справ Росії Сергій Лавров Лавров під час зустрічі."}' \
	    '{"lang":"bg","text":"Това заяви руският външен министър Сергей Лавров Лавров пред журналисти."}' \
	    '{"lang":"ru","text":"Об этом сказал Владимир Путин Путин на встрече."}' > d.jsonl
	run -0 ns-entities d.jsonl
	run -0 jq -c '[.entities[] | select(.type == "PER") |
	    [.text, .start, .end, .key]]' <<< "$output"
	assert_output '[["Сергій Лавров",46,59,"serhe lewrw"],["Лавров",60,66,"serhe lewrw"]]
[["Сергей Лавров",35,48,"serhe lewrw"],["Лавров",49,55,"serhe lewrw"]]
[["Владимир Путин",15,29,"wledymyr pwtn"],["Путин",30,35,"wledymyr pwtn"]]'
}

@test "an indeclinable name keeps its form: Майамі (uk, seed 002)" {
	# The lemmatiser alone reads Майамі as a locative of *Майам; the
	# key table knows Майамі as written (from Маями and Miami in the
	# training data) and no *Майам, so the form stays (ns_lemma_recheck).
	tagged_seeds
	run -0 jq -r 'select(.id | startswith("002")) | .entities[] |
	    select(.text | test("^Ма[йи]*ам")) |
	    "\(.text)\t\(.lemma)\t\(.key)"' tagged.ndjson
	assert_output $'Майамі\tМайамі\tmyemy'
	# The same key as the Bulgarian Маями and the Slovenian Miami.
	printf '%s\n' '{"lang":"bg","text":"Срещата в Маями продължава."}' \
	    '{"lang":"sl","text":"Pogovori v Miamiju se nadaljujejo."}' > m.jsonl
	run -0 ns-entities m.jsonl
	run -0 jq -r '.entities[] | "\(.text)\t\(.lemma)\t\(.key)"' <<< "$output"
	assert_output $'Маями\tМаями\tmyemy\nMiamiju\tMiami\tmyemy'
}

@test "a long organisation name is one mention" {
	tagged_seeds
	run -0 ents_of 004
	assert_line $'ORG\tМинистерства иностранных дел Российской Федерации'
	refute_line $'LOC\tРоссийской Федерации'
}

@test "lemmas: Стивом Уиткоффом, Джаредом Кушнером, Аляске, Дональда Трампа, Кремля" {
	tagged_seeds
	run -0 jq -r '.entities[] | "\(.text)\t\(.lemma)"' tagged.ndjson
	assert_line $'Стивом Уиткоффом\tСтив Уиткофф'
	assert_line $'Джаредом Кушнером\tДжаред Кушнер'
	assert_line $'Аляске\tАляска'
	assert_line $'Дональда Трампа\tДональд Трамп'
	assert_line $'Кремля\tКремль'
}

@test "lemmas: Донецкой области is Донецкая область" {
	printf '%s\n' '{"id":"d","lang":"ru","text":"Бои идут в Донецкой области."}' > d.jsonl
	run -0 ns-entities d.jsonl
	run -0 jq -r '.entities[] | "\(.text)\t\(.type)\t\(.lemma)"' <<< "$output"
	assert_output $'Донецкой области\tLOC\tДонецкая область'
}

@test "Witkoff has one key in seeds 001 to 004 (ru, uk, bg, ru)" {
	# The key model comes from the entities-norm branch; its first
	# commit is an 8-byte placeholder (transliteration only).
	if [ "$(wc -c < "$TOP/models/xkey.bin")" -le 8 ]; then
		skip "models/xkey.bin is still the placeholder"
	fi
	tagged_seeds
	run -0 jq -r 'select(.id | test("^00[1-4]")) | .id as $id |
	    .entities[] | select(.text | test("^(Стив|Стивом|Стів) ")) |
	    select(.text | test("Уиткоф|Віткоф")) | "\($id[0:3]) \(.key)"' \
	    tagged.ndjson
	[ "$(cut -c1-3 <<< "$output" | sort -u | wc -l)" -eq 4 ]
	run -0 bash -c "cut -d' ' -f2- <<< '$output' | sort -u"
	assert_equal "${#lines[@]}" 1
	assert [ -n "${lines[0]}" ]
}

@test "a surname alone takes the key of the full name in the record" {
	tagged_seeds
	run -0 jq -r 'select(.id | startswith("003")) | .entities[] |
	    select(.text == "Уиткоф" or .text == "Стив Уиткоф") | .key' \
	    tagged.ndjson
	[ "$(sort -u <<< "$output" | wc -l)" -eq 1 ]
}

@test "the title is tagged too, its entities first and marked" {
	printf '%s\n' '{"id":"t","lang":"ru","title":"Стив Уиткофф прилетел в Майами","text":"Переговоры в Москве продолжатся."}' > t.jsonl
	run -0 ns-entities t.jsonl
	run -0 jq -c '.entities[] | [.text, .type, .start, .end, .field]' <<< "$output"
	assert_line --index 0 '["Стив Уиткофф","PER",0,12,"title"]'
	assert_line --index 1 '["Майами","LOC",24,30,"title"]'
	assert_line --index 2 '["Москве","LOC",13,19,null]'
	assert_equal "${#lines[@]}" 3
	run -0 ns-entities --no-title t.jsonl
	run -0 jq -c '[.entities[].text]' <<< "$output"
	assert_output '["Москве"]'
}

@test "--types keeps only the types named" {
	tagged_seeds
	run -0 ns-entities -t PER,ORG seeds.ndjson
	run -0 jq -r '.entities[].type' <<< "$output"
	refute_line LOC
	refute_line EVT
	refute_line PRO
	assert_line PER
	assert_line ORG
}

@test "a bad --types is a usage error" {
	run -2 --separate-stderr ns-entities -t PER,PERSON
	assert_equal "${stderr_lines[0]}" \
	    "ns-entities: --types: PER,PERSON: types are PER, LOC, ORG, EVT and PRO"
	assert_equal "${stderr_lines[1]:0:7}" "usage: "
}

@test "the record's lang wins; --lang, then the detector, for records without one" {
	printf '%s\n' '{"id":"a","text":"Встреча со Стивом Уиткоффом."}' \
	    '{"id":"b","lang":"und","text":"Встреча со Стивом Уиткоффом."}' \
	    '{"id":"c","lang":"bg","text":"Встреча со Стивом Уиткоффом."}' > l.jsonl
	run -0 ns-entities l.jsonl
	run -0 jq -r '"\(.id) \(.entities[0].lemma)"' <<< "$output"
	assert_line --index 0 'a Стив Уиткофф'
	assert_line --index 1 'b Стив Уиткофф'
	refute_line --index 2 'c Стив Уиткофф'
	# Bulgarian ъ transliterates only when the text is known to be bg.
	printf '%s\n' '{"id":"d","text":"Президентът Доналд Тръмп пристигна в Маями."}' \
	    '{"id":"e","text":"Президент Дональд Трамп прилетел в Майами."}' > d.jsonl
	run -0 ns-entities d.jsonl
	run -0 jq -r '.entities[] | select(.type == "PER") | .key' <<< "$output"
	assert_equal "${#lines[@]}" 2
	assert_equal "${lines[0]}" "${lines[1]}"
	run -0 ns-entities -l ru l.jsonl
	run -0 jq -r '"\(.id) \(.entities[0].lemma)"' <<< "$output"
	assert_line --index 0 'a Стив Уиткофф'
	assert_line --index 1 'b Стив Уиткофф'
	refute_line --index 2 'c Стив Уиткофф'
}

@test "entities already in the record are replaced, other fields kept" {
	printf '%s\n' '{"id":"r","x":[1, 2],"entities":["old"],"lang":"ru","text":"Кремль молчит."}' > r.jsonl
	run -0 ns-entities r.jsonl
	assert_output '{"id":"r","x":[1, 2],"lang":"ru","text":"Кремль молчит.","entities":[{"text":"Кремль","type":"LOC","start":0,"end":6,"lemma":"Кремль","key":"kremlyn"}]}'
}

@test "a text without entities gets an empty array" {
	printf '%s\n' '{"id":"n","lang":"ru","text":"и всё же нет."}' '{"id":"m","text":""}' > n.jsonl
	run -0 ns-entities n.jsonl
	assert_line --index 0 '{"id":"n","lang":"ru","text":"и всё же нет.","entities":[]}'
	assert_line --index 1 '{"id":"m","text":"","entities":[]}'
}

@test "-m with a file that is not a model is an error, exit 2" {
	mkdir m
	echo 'not a model' > m/ner.bin
	run -2 --separate-stderr ns-entities -m m < /dev/null
	assert_equal "$stderr" \
	    "ns-entities: entity model: not an entity model: too short"
	head -c 5000 /dev/zero > m/ner.bin
	run -2 --separate-stderr ns-entities -m m < /dev/null
	assert_equal "$stderr" \
	    "ns-entities: entity model: not an entity model (bad magic)"
}

@test "train builds a tagger from a corpus in SlavicNER's format" {
	# A tiny corpus has small weights: no pruning.  One plain perceptron.
	run -0 --separate-stderr ns-entities train -v --only ner --epochs 4 \
	    --prune 0 --mix 1 --margin 0 -o . "$FIX/ner/gold.ndjson"
	assert_equal "${stderr_lines[0]}" "ns-entities: 4 documents, 67 tokens, 18 mentions (0 skipped: not on token boundaries or overlapping), 0 abbreviations"
	assert_equal "${stderr_lines[5]}" "ns-entities: epoch 4: 4 token errors (5.97%), 553 features"
	[ -s ner.bin ]
	[ ! -e lemma.bin ]
	printf '%s\n' '{"id":"q","lang":"ru","text":"Вчера Иван Орлов прилетел в Казань."}' > q.jsonl
	run -0 ns-entities -m . q.jsonl
	run -0 jq -c '.entities[] | [.text, .type]' <<< "$output"
	assert_line --index 0 '["Иван Орлов","PER"]'
	assert_line --index 1 '["Казань","LOC"]'
	# The same corpus and options give the same bytes.
	mkdir again
	ns-entities train --only ner --epochs 4 --prune 0 --mix 1 --margin 0 \
	    -o again "$FIX/ner/gold.ndjson"
	cmp ner.bin again/ner.bin
}

@test "train: by default three perceptrons with a margin, mixed into one" {
	run -0 --separate-stderr ns-entities train -v --only ner --epochs 4 \
	    --prune 0 -o . "$FIX/ner/gold.ndjson"
	assert_equal "${stderr_lines[5]:0:34}" "ns-entities: run 1, epoch 4: 4 tok"
	# Each run starts from zero weights: most tokens wrong again.
	assert_equal "${stderr_lines[6]:0:35}" "ns-entities: run 2, epoch 1: 38 tok"
	assert_equal "${stderr_lines[13]:0:34}" "ns-entities: run 3, epoch 4: 4 tok"
	printf '%s\n' '{"id":"q","lang":"ru","text":"Вчера Иван Орлов прилетел в Казань."}' > q.jsonl
	run -0 ns-entities -m . q.jsonl
	run -0 jq -c '[.entities[] | [.text, .type]]' <<< "$output"
	assert_output '[["Иван Орлов","PER"],["Казань","LOC"]]'
	# Reproducible; the margin and the mixing each change the model.
	mkdir again one nomargin
	ns-entities train --only ner --epochs 4 --prune 0 -o again \
	    "$FIX/ner/gold.ndjson"
	cmp ner.bin again/ner.bin
	ns-entities train --only ner --epochs 4 --prune 0 --mix 1 -o one \
	    "$FIX/ner/gold.ndjson"
	run -1 cmp -s ner.bin one/ner.bin
	ns-entities train --only ner --epochs 4 --prune 0 --margin 0 \
	    -o nomargin "$FIX/ner/gold.ndjson"
	run -1 cmp -s ner.bin nomargin/ner.bin
	run -2 ns-entities train --mix 0 -o . "$FIX/ner/gold.ndjson"
	run -2 ns-entities train --margin -1 -o . "$FIX/ner/gold.ndjson"
}

@test "train: the dev split of the fixture, and a missing corpus" {
	run -0 --separate-stderr ns-entities train -v --only ner --split dev \
	    --epochs 1 -o . "$FIX/ner/gold.ndjson"
	assert_equal "${stderr_lines[0]:0:39}" "ns-entities: 1 documents, 8 tokens, 3 m"
	run -2 --separate-stderr ns-entities train -o . missing.ndjson
	assert_equal "$stderr" \
	    "ns-entities: missing.ndjson: No such file or directory"
	run -2 --separate-stderr ns-entities train
	assert_equal "${stderr_lines[0]}" \
	    "ns-entities: train: one corpus file expected"
}

@test "clusters: Brown clusters of plain text, one line per word" {
	for i in $(seq 1 30); do
		echo "Иван приехал в Москву . Анна приехала в Казань ."
		echo "Иван уехал из Москвы . Анна уехала из Казани ."
	done > text.txt
	run -0 ns-entities clusters -c 4 --min-count 2 -o cl.txt text.txt
	run -0 cut -f2 cl.txt
	assert_equal "${#lines[@]}" 13
	assert_line --index 0 "."
	run -1 grep -cvE $'^[01]+\t[^\t]+\t[0-9]+\t[0-9]+\t[0-9]+$' cl.txt
	assert_output 0
	# Count, mid-sentence, capitalised there: a name, a verb, and a
	# name that only ever starts a sentence.
	run -0 cut -f2- cl.txt
	assert_line $'москву\t30\t30\t30'
	assert_line $'приехал\t30\t30\t0'
	assert_line $'анна\t60\t0\t0'
	# Words of one kind share a cluster.
	run -0 grep -P '\t(москву|казань|приехал|уехал)\t' cl.txt
	assert_equal "$(cut -f1 <<< "$output" | sort -u)" 11
	run -2 --separate-stderr ns-entities clusters text.txt
	assert_equal "${stderr_lines[0]}" \
	    "ns-entities: clusters: -o FILE is required"
}
