#!/usr/bin/env bats
# ns-split.bats: articles into document, paragraph and sentence records.

load helper

setup() {
	common_setup
	S0="$SEEDS/000_814065d34073cabb.txt"
	S1="$SEEDS/001_1ef1a0633de8ea85.txt"
	S2="$SEEDS/002_0eb56f0bcda4d5b8.txt"
	S3="$SEEDS/003_8bfec394be4f21b2.txt"
	S4="$SEEDS/004_fee3d157b1e92951.txt"
}

# Every unit's text is the slice [start, end) of its document's text:
# $1 is the unit records, $2 the document records (jq slices code points).
check_slices() {
	jq -s -e --slurpfile docs "$2" '
	    ($docs | map({(.id): .text}) | add) as $t
	    | length > 0 and all(.[]; $t[.doc][.start:.end] == .text)' "$1"
}

# Whether every sentence boundary of gold file $1 (one sentence a line,
# '#' comments) is one of output $2: offsets counted without white space.
gold_in_output() {
	awk 'FNR == 1 { pos = 0 } /^#/ || /^$/ { next }
	    { gsub(/[ \t]/, ""); pos += length($0)
	      if (FILENAME == ARGV[1]) gold[pos] = 1; else out[pos] = 1 }
	    END { for (p in gold) if (!(p in out)) { print "missed at " p; bad = 1 }
	      exit bad }' "$1" "$2"
}

@test "the seeds: ids, sources, dates and titles from their headers" {
	run -0 --separate-stderr ns-split "$S0" "$S1" "$S2" "$S3" "$S4"
	assert_equal "${#lines[@]}" 5
	assert_equal "$stderr" ""
	run -0 bash -c "ns-split '$S0' '$S1' '$S2' '$S3' '$S4' |
	    jq -r '[.id, .source, .date // \"-\", .title] | @tsv'"
	assert_line --index 0 "$(printf '%s\t%s\t-\t%s' 000_814065d34073cabb \
	    "$S0" 'Анонимные источники сообщают о якобы начале секретных переговоров США и РФ по Украине')"
	assert_line --index 1 "$(printf '%s\t%s\t2025-12-21T12:09\t%s' \
	    001_1ef1a0633de8ea85 "$S1" 'СМИ: Во время переговоров в Майами США передали России одно послание')"
	assert_line --index 2 "$(printf '%s\t%s\t2025-12-17\t%s' \
	    002_0eb56f0bcda4d5b8 "$S2" 'Американська сторона ознайомить російських делегатів із підсумками останнього етапу перемовин')"
	assert_line --index 3 --partial "$(printf '003_8bfec394be4f21b2\t%s\t2025-01-01\tБелият дом и Москва' "$S3")"
	assert_line --index 4 --partial "$(printf '004_fee3d157b1e92951\t%s\t2025-12-11\tРоссия и США на Аляске' "$S4")"
}

@test "seed 000: the tail after the article is boilerplate and goes" {
	run -0 bash -c "ns-split '$S0' | jq -r .text"
	assert_line --index 0 --partial 'Оппозиционный российский Телеграм-канал "The Moscow Times"'
	assert_equal "${lines[-1]}" 'Как сообщалось, в МИД Германии разъяснили, возможны ли сейчас переговоры с путиным.'
	refute_output --partial 'Поддержать'
	refute_output --partial '10.12.2025'
	refute_output --partial 'Все статьи'
	refute_output --partial 'грантодатели'
}

@test "seed 001: the photo credit goes, the lead stays" {
	run -0 bash -c "ns-split '$S1' | jq -r .text"
	assert_line --index 0 'Основные разногласия между Украиной и РФ остаются неизменными.'
	refute_output --partial 'Архивное фото'
}

@test "--keep-boilerplate marks paragraphs instead of dropping them" {
	run -0 bash -c "ns-split --unit para --keep-boilerplate '$S0' |
	    jq -r 'select(.boilerplate) | .text'"
	assert_equal "${#lines[@]}" 19
	assert_line --index 0 'Раньше «ОстроВ» поддерживали грантодатели. Сегодня нашу независимость сохранит только Ваша поддержка'
	assert_line --index 1 'Поддержать'
	assert_line --index 4 '10.12.2025'
	assert_line --index 18 'Все статьи'
	run -0 bash -c "ns-split --unit para --keep-boilerplate '$S1' |
	    jq -c 'select(.boilerplate) | [.para, .text, .boilerplate]'"
	assert_output '[0,"Архивное фото",true]'
	run -0 bash -c "ns-split --unit sent --keep-boilerplate '$S0' |
	    jq -s 'map(select(.boilerplate)) | length'"
	assert_output 27
	run -0 bash -c "ns-split --keep-boilerplate '$S1' | jq -r .text | head -1"
	assert_output 'Архивное фото'
	run -0 bash -c "ns-split --unit para '$S0' | { grep -c boilerplate || true; }"
	assert_output 0
}

@test "--unit para: ids, indexes, offsets and the document's fields" {
	run -0 bash -c "ns-split --unit para '$S1' | sed -n 1p"
	assert_output "{\"id\":\"001_1ef1a0633de8ea85:p0\",\"doc\":\"001_1ef1a0633de8ea85\",\"para\":0,\"start\":0,\"end\":62,\"source\":\"$S1\",\"date\":\"2025-12-21T12:09\",\"title\":\"СМИ: Во время переговоров в Майами США передали России одно послание\",\"text\":\"Основные разногласия между Украиной и РФ остаются неизменными.\"}"
	run -0 bash -c "ns-split --unit para '$S0' '$S1' '$S2' '$S3' '$S4' |
	    jq -r .doc | uniq -c | awk '{ print \$1 }' | tr '\n' ' '"
	assert_output '8 11 9 11 9 '
}

@test "--unit sent: quotes, a sentence inside one, the attribution after it" {
	run -0 bash -c "ns-split --unit sent '$S1' | jq -c '[.sent, .para, .start, .end, .text]' | sed -n '7,8p'"
	assert_line --index 0 '[6,5,847,1063,"Также он добавил, что «хотя в субботу не было прорыва», американская сторона «объяснила россиянам, где сейчас находятся дела после недавних обсуждений с украинцами, и фактически сказала: «Вот что все еще не сходится."]'
	assert_line --index 1 '[7,5,1064,1093,"Вернитесь завтра с ответами»."]'
	run -0 bash -c "ns-split --unit sent '$S0' '$S1' '$S2' '$S3' '$S4' |
	    jq -r .doc | uniq -c | awk '{ print \$1 }' | tr '\n' ' '"
	assert_output '12 17 17 11 15 '
	run -0 bash -c "ns-split --unit sent '$S4' | jq -r .text | sed -n '2p;4p'"
	assert_line --index 0 '"Там (в Анкоридже – прим. ред.) были достигнуты взаимные понимания, которые для нас сохраняют свою актуальность и могут служить отправной точкой в регулировании.'
	assert_line --index 1 --partial '… Смысл этих пониманий заключается в том'
}

@test "every unit's text is the slice of its document's text, on every fixture" {
	for f in "$SEEDS"/*.txt "$FIX"/contract.jsonl "$FIX"/crlf.jsonl \
	    "$FIX"/sent/*.txt; do
		for k in "" --keep-boilerplate; do
			ns-split $k "$f" > docs
			for u in para sent; do
				ns-split --unit $u $k "$f" > units
				run -0 check_slices units docs
			done
		done
	done
}

@test "the hand-written news gold: exactly its sentences" {
	# *_news.out is ns-split's output, checked against the gold
	# *_news.txt: every gold boundary is found, and no other.
	for f in "$FIX"/sent/*_news.txt; do
		grep -v '^#' "$f" | sed 's/$/ /' | tr -d '\n' |
		    sed 's/  /\n\n/g' > article.txt
		run -0 bash -c "ns-split --raw --unit sent --keep-boilerplate \
		    article.txt | jq -r .text | diff - '${f%.txt}.out'"
		# Every gold boundary is an output boundary.
		run -0 gold_in_output "$f" "${f%.txt}.out"
	done
	for l in ru uk bg; do
		run -0 bash -c "diff <(grep -v '^#' '$FIX/sent/${l}_news.txt' |
		    grep .) '$FIX/sent/${l}_news.out'"
	done
}

@test "NDJSON: fields kept in order, the text split, ids from the record" {
	run -0 --separate-stderr ns-split --unit sent "$FIX/contract.jsonl"
	assert_equal "${#lines[@]}" 3
	assert_line --index 0 '{"z":1.0e6,"x":{"b":[1, 2]},"id":"r1:s0","doc":"r1","para":0,"sent":0,"start":0,"end":31,"text":"Стив Уиткофф прилетел в Майами."}'
	assert_line --index 1 '{"z":1.0e6,"x":{"b":[1, 2]},"id":"r1:s1","doc":"r1","para":0,"sent":1,"start":32,"end":62,"text":"Переговоры продолжатся завтра."}'
	printf '%s\n' '{"id":7,"lang":"uk","text":"Перше речення. Друге речення."}' > num.jsonl
	run -0 ns-split --unit sent num.jsonl
	assert_line --index 1 '{"lang":"uk","id":"7:s1","doc":7,"para":0,"sent":1,"start":15,"end":29,"text":"Друге речення."}'
	printf '%s\n' '{"text":"Без id. Совсем."}' > noid.jsonl
	run -0 ns-split noid.jsonl
	assert_output '{"text":"Без id. Совсем.","id":"2937b2ec8195dee7"}'
}

@test "NDJSON: a header in the text gives date and title, the text moves last" {
	printf '%s\n' '{"id":"h1","date":"old","text":" date 2025-12-21 Заголовок\n\nПервый абзац.\n\nВторой   абзац.","url":"u"}' > h.jsonl
	run -0 ns-split h.jsonl
	assert_output '{"id":"h1","url":"u","date":"2025-12-21","title":"Заголовок","text":"Первый абзац.\n\nВторой абзац."}'
	printf '%s\n' '{"id":"t1","text":"Заголовок без точки\n\nТекст статьи."}' > t.jsonl
	run -0 ns-split t.jsonl
	assert_output '{"id":"t1","text":"Заголовок без точки\n\nТекст статьи."}'
}

@test "ns-split's output split again gives the same documents" {
	ns-split "$SEEDS"/*.txt > once
	ns-split once > twice
	run -0 cmp once twice
	ns-split --unit sent once | jq -r .text > s1
	ns-split --unit sent "$SEEDS"/*.txt | jq -r .text > s2
	run -0 cmp s1 s2
}

@test "--json and --raw force the input kind" {
	printf '%s\n' '{"text":"Это статья о фигурных скобках и не только."}' > curly.txt
	run -0 ns-split --raw --unit sent curly.txt
	assert_output '{"id":"curly:s0","doc":"curly","para":0,"sent":0,"start":0,"end":53,"source":"curly.txt","text":"{\"text\":\"Это статья о фигурных скобках и не только.\"}"}'
	printf 'Просто текст.\n' > plain.txt
	run -1 --separate-stderr ns-split --json plain.txt
	assert_output ''
	assert_equal "$stderr" "ns-split: plain.txt:1: invalid JSON at byte 2: '[' or '{' expected near 'П'"
	run -0 ns-split --json < /dev/null
	assert_output ''
}

@test "stdin is one article, its id a content hash" {
	run -0 bash -c "printf 'Первое. Второе.' | ns-split"
	assert_output '{"id":"9027999c0d051a74","text":"Первое. Второе."}'
	run -0 bash -c "ns-split - < '$S2' | jq -r .id"
	assert_output "$(ns-split < "$S2" | jq -r .id)"
	run -0 bash -c "printf '' | ns-split"
	assert_output ''
}

@test "--field reads another member; the output text is text" {
	printf '%s\n' '{"id":"f1","body":"Один. Два.","text":"старый"}' > f.jsonl
	run -0 ns-split --field body --unit sent f.jsonl
	assert_line --index 0 '{"id":"f1:s0","doc":"f1","para":0,"sent":0,"start":0,"end":5,"text":"Один."}'
	run -0 ns-split -f body f.jsonl
	assert_output '{"id":"f1","body":"Один. Два.","text":"Один. Два."}'
	run -1 --separate-stderr ns-split -f nope f.jsonl
	assert_equal "$stderr" 'ns-split: f.jsonl:1: missing field "nope"'
}

@test "--lang sets the language; unknown codes are refused" {
	# бл. (блок) is a Bulgarian prefix abbreviation, not a Russian one.
	printf 'Живее в бл. Изгрев. Той каза.\n' > l.txt
	run -0 ns-split --lang bg --unit sent l.txt
	assert_equal "${#lines[@]}" 2
	run -0 ns-split --lang ru --unit sent l.txt
	assert_equal "${#lines[@]}" 3
	run -2 --separate-stderr ns-split --lang xx l.txt
	assert_equal "${stderr_lines[0]}" 'ns-split: --lang: no word lists for: xx'
	assert_equal "${stderr_lines[1]:0:16}" 'usage: ns-split '
}

@test "--unit refuses other units" {
	run -2 --separate-stderr ns-split --unit word
	assert_equal "${stderr_lines[0]}" 'ns-split: --unit: not doc, para or sent: word'
}

@test "--model loads word lists; a bad one is an error" {
	printf 'lang ru\nstop и\nabbr дер 0 1 5 0 0\n' > m.txt
	printf 'Дом в дер. Иваново стоит. И всё.\n' > u.txt
	run -0 ns-split --model m.txt --lang ru --unit sent u.txt
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 --partial '"text":"Дом в дер. Иваново стоит."'
	run -0 ns-split --unit sent u.txt
	assert_equal "${#lines[@]}" 3
	printf 'stop и\n' > bad.txt
	run -2 --separate-stderr ns-split --model bad.txt u.txt
	assert_equal "$stderr" 'ns-split: bad.txt: word list line 1: "lang" expected'
	run -2 --separate-stderr ns-split --model none.txt u.txt
	assert_equal "$stderr" 'ns-split: none.txt: No such file or directory'
}

@test "--files-from reads names a line, -0 NUL-separated, - from stdin" {
	printf '%s\n' "$S1" "" "$S2" > list
	run -0 bash -c "ns-split --files-from list | jq -r .id"
	assert_output "$(printf '001_1ef1a0633de8ea85\n002_0eb56f0bcda4d5b8')"
	printf '%s\0' "$S3" missing.txt "$S4" > list0
	run -1 --separate-stderr ns-split -0 --files-from list0
	assert_equal "${#lines[@]}" 2
	assert_equal "$stderr" 'ns-split: missing.txt: No such file or directory'
	run -0 bash -c "printf '%s\n' '$S0' | ns-split --files-from - '$S1' | jq -r .id"
	assert_output "$(printf '001_1ef1a0633de8ea85\n000_814065d34073cabb')"
	run -1 --separate-stderr ns-split --files-from nolist
	assert_equal "$stderr" 'ns-split: nolist: No such file or directory'
}

@test "invalid UTF-8 in raw text is repaired with a warning" {
	printf 'Заголовок\n\nТекст \377 с ошибкой. Дальше.\n' > bad.txt
	run -0 --separate-stderr ns-split bad.txt
	assert_output '{"id":"bad","source":"bad.txt","title":"Заголовок","text":"Текст � с ошибкой. Дальше."}'
	assert_equal "$stderr" 'ns-split: bad.txt: 1 invalid UTF-8 sequence replaced by U+FFFD'
	run -0 --separate-stderr ns-split -q bad.txt
	assert_equal "$stderr" ''
}

@test "invalid UTF-8 in an NDJSON line rejects the line" {
	printf '{"id":"a","text":"Хорошо."}\n{"id":"b","text":"\377"}\n' > u8.jsonl
	run -1 --separate-stderr ns-split --rejects rej u8.jsonl
	assert_output '{"id":"a","text":"Хорошо."}'
	assert_equal "$stderr" 'ns-split: u8.jsonl:2: invalid JSON at byte 18: unable to decode byte 0xff near '"'"'"'"'"
	run -0 cmp rej <(sed -n 2p u8.jsonl)
}

@test "NUL and control characters become U+FFFD, with a warning" {
	printf 'Текст\0 с нулём\001. Ещё.\n' > nul.txt
	run -0 --separate-stderr ns-split nul.txt
	assert_output '{"id":"nul","source":"nul.txt","text":"Текст� с нулём�. Ещё."}'
	assert_equal "$stderr" 'ns-split: nul.txt: 2 NUL or control characters replaced by U+FFFD'
	printf '%s\n' '{"id":"n","text":"Тут \u0000 ноль."}' > nul.jsonl
	run -0 --separate-stderr ns-split nul.jsonl
	assert_output '{"id":"n","text":"Тут � ноль."}'
	assert_equal "$stderr" 'ns-split: nul.jsonl:1: 1 NUL or control character replaced by U+FFFD'
}

@test "empty files are reported, the others still read" {
	: > empty.txt
	printf ' \n\t\n' > blank.txt
	run -1 --separate-stderr ns-split empty.txt blank.txt "$S1"
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" "$(printf 'ns-split: empty.txt: empty file\nns-split: blank.txt: empty file')"
	run -1 --separate-stderr ns-split --raw empty.txt
	assert_equal "$stderr" 'ns-split: empty.txt: empty file'
	run -0 --separate-stderr ns-split --json empty.txt
	assert_equal "$stderr" ''
}

@test "binary files are skipped with a message" {
	printf '\211PNG\r\n\032\n\0\0\0\rIHDR\0\0\0\020\0\0\0\020\010\006\0\0\0' > img.png
	run -1 --separate-stderr ns-split img.png "$S2"
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" 'ns-split: img.png: binary file, skipped'
}

@test "unreadable and missing files are reported, the others go on" {
	mkdir adir
	run -1 --separate-stderr ns-split adir missing.txt "$S3"
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" "$(printf 'ns-split: adir: read error: Is a directory\nns-split: missing.txt: No such file or directory')"
	if [ "$(id -u)" != 0 ]; then
		printf 'Текст.\n' > secret.txt
		chmod 000 secret.txt
		run -1 --separate-stderr ns-split secret.txt
		assert_equal "$stderr" 'ns-split: secret.txt: Permission denied'
	fi
}

@test "lines that are not objects or lack the text are rejected" {
	run -1 --separate-stderr ns-split --unit sent "$FIX/bad.jsonl"
	assert_equal "${#lines[@]}" 2
	assert_line --index 0 '{"id":"g1:s0","doc":"g1","para":0,"sent":0,"start":0,"end":43,"text":"Кремль не комментирует переговоры в Майами."}'
	assert_equal "${stderr_lines[0]}" "ns-split: $FIX/bad.jsonl:2: not a JSON object"
	assert_equal "${stderr_lines[2]}" "ns-split: $FIX/bad.jsonl:5: missing field \"text\""
	run -1 --separate-stderr ns-split --strict --unit para "$FIX/bad.jsonl"
	assert_equal "${#lines[@]}" 1
	run -1 --separate-stderr ns-split -v -q "$FIX/bad.jsonl" "$S1"
	assert_equal "$stderr" 'ns-split: 6 records, 3 rejected'
}

@test "-u, --progress and -v: flushing, no progress off a terminal, a summary" {
	run -0 --separate-stderr ns-split -u --progress -v "$S1" "$S2"
	assert_equal "${#lines[@]}" 2
	assert_equal "$stderr" 'ns-split: 2 records, 0 rejected'
}

@test "--help and --version" {
	run -0 ns-split --help
	assert_line --index 0 'usage: ns-split [-0quv] [-f field] [--unit doc|para|sent] [--json | --raw]'
	assert_output --partial '--keep-boilerplate'
	assert_output --partial '--files-from FILE'
	run -0 ns-split train --help
	assert_line --index 0 --partial 'usage: ns-split'
	run -0 ns-split --version
	assert_output 'ns-split (ns) 0.1.0'
}

@test "ns-split train learns stop words and abbreviations" {
	for i in $(seq 1 30); do
		printf '%d Мы шли по ул. Мира к дому и к реке.\n' "$i"
		printf '%d Он и мы были у реки.\n' "$i"
	done > xx.txt
	run -0 ns-split train --stop 2 --min-count 3 --source test -o words xx.txt
	run -0 grep -v '^#' words
	assert_output "$(printf 'lang xx\nstop и\nstop к\nabbr ул 0.000 1.000 30 0.000 0')"
	run -0 grep -c '^# source: test$' words
	printf 'Мы шли по ул. Мира. Он пришёл.\n' > t.txt
	run -0 ns-split --model words --lang xx --unit sent t.txt
	assert_equal "${#lines[@]}" 2
	run -2 --separate-stderr ns-split train
	assert_equal "${stderr_lines[0]}" 'ns-split: train: no training files'
	run -2 --separate-stderr ns-split train --stop 0 xx.txt
	assert_equal "${stderr_lines[0]}" 'ns-split: --stop: too small: 0'
	run -2 --separate-stderr ns-split train nofile.txt
	assert_equal "$stderr" 'ns-split: nofile.txt: No such file or directory'
}

@test "the issue's abbreviations do not end Russian sentences" {
	printf '%s ' 'Он живёт на ул. Ленина, т.е. в центре.' \
	    'Лекцию прочитал проф. Иванов из МГУ им. Ломоносова.' \
	    'Согласно ст. 5 закона, в 2024 г. выделено 3 млн руб., и т. д.' \
	    'В 2022–2023 гг. бюджет вырос на 2 млрд рублей, и т.п. вещи.' > a.txt
	run -0 bash -c "ns-split --lang ru --unit sent a.txt | jq -r .text"
	assert_output 'Он живёт на ул. Ленина, т.е. в центре.
Лекцию прочитал проф. Иванов из МГУ им. Ломоносова.
Согласно ст. 5 закона, в 2024 г. выделено 3 млн руб., и т. д.
В 2022–2023 гг. бюджет вырос на 2 млрд рублей, и т.п. вещи.'
}
