#!/usr/bin/env bats
# ns-dedupe.bats: modes, options, state, crashes, concurrency, map-reduce.

bats_require_minimum_version 1.5.0
load helper

setup() {
	common_setup
	# The five seed articles as records, ids 000 .. 004.
	for f in "$SEEDS"/*.txt; do
		jq -Rsc --arg id "${f##*/}" '{id: $id[0:3], text: .}' "$f"
	done > seeds.jsonl
	# Their distinct paragraphs of 8 words or more, one record each.
	awk 'BEGIN { RS = "" } { gsub(/\n/, " ") }
	    NF >= 8 && !seen[$0]++ { print }' "$SEEDS"/*.txt |
	    jq -Rc '{id: ("p" + (input_line_number | tostring)), text: .}' \
	    > paras.jsonl
}

# Record from a seed file, with an id and text edited by sed.
seed_record() {
	sed "$3" "$SEEDS/$1"*.txt | jq -Rsc --arg id "$2" '{id: $id, text: .}'
}

@test "drop: the first copy passes, later ones are dropped and counted" {
	cat seeds.jsonl seeds.jsonl > twice.jsonl
	run -0 --separate-stderr ns-dedupe -v twice.jsonl
	assert_equal "${#lines[@]}" 5
	run -0 cmp <(ns-dedupe twice.jsonl) seeds.jsonl
	run -0 --separate-stderr ns-dedupe -v twice.jsonl
	assert_equal "$stderr" "ns-dedupe: 10 records, 0 rejected
ns-dedupe: 5 duplicates dropped"
}

@test "exact duplicates are found after NFKC, case folding and punctuation" {
	{
		printf '%s\n' '{"id":"a","text":"Стив Уиткофф прилетел в Майами."}'
		printf '%s\n' '{"id":"b","text":"  СТИВ  уиткофф — прилетел в МАЙАМИ!!"}'
		printf '%s\n' '{"id":"c","text":"Стив Уиткофф улетел из Майами."}'
	} > ex.jsonl
	run -0 ns-dedupe --mode mark ex.jsonl
	assert_line --index 0 '{"id":"a","text":"Стив Уиткофф прилетел в Майами."}'
	assert_line --index 1 --partial ',"dup_of":"a","similarity":1}'
	refute_line --index 2 --partial 'dup_of'
}

@test "the three texts of one story (seeds 001-003) and 000/004 stay apart" {
	run -0 ns-dedupe --mode cluster seeds.jsonl
	assert_equal "$(ns-dedupe --mode cluster seeds.jsonl | jq -r .cluster | tr '\n' ' ')" \
	    "000 001 002 003 004 "
}

@test "mark: a typo'd, re-headed copy and a copy cut to 60 % are near duplicates" {
	seed_record 001 orig 's/x/x/' > near.jsonl
	seed_record 001 typos 's/Кушнером/Кушнерм/; s/переговоров/перегворов/g; 1s/.*/Новости | 22.12.2025/' >> near.jsonl
	head -c 2600 "$SEEDS"/001*.txt | jq -Rsc '{id: "cut", text: .}' >> near.jsonl
	seed_record 002 other 's/x/x/' >> near.jsonl
	run -0 ns-dedupe --mode mark near.jsonl
	assert_equal "${#lines[@]}" 4
	assert_equal "$(echo "$output" | jq -c '[.id, .dup_of]' | tr '\n' ' ')" \
	    '["orig",null] ["typos","orig"] ["cut","orig"] ["other",null] '
	# The cut copy is decided by containment, near 1.
	run -0 bash -c "ns-dedupe --mode mark near.jsonl | jq '.similarity // 0 | . > 0.9'"
	assert_equal "${lines[*]}" "false true true false"
}

@test "--threshold 1 keeps only exact duplicates together" {
	seed_record 001 orig 's/x/x/' > near.jsonl
	seed_record 001 typo 's/Кушнером/Кушнерм/' >> near.jsonl
	seed_record 001 copy 's/x/x/' >> near.jsonl
	run -0 bash -c "ns-dedupe --threshold 1 --mode mark near.jsonl | jq -c '[.id, .dup_of]'"
	assert_equal "${lines[*]}" '["orig",null] ["typo",null] ["copy","orig"]'
	run -0 bash -c "ns-dedupe --mode mark near.jsonl | jq -c '[.id, .dup_of]'"
	assert_equal "${lines[*]}" '["orig",null] ["typo","orig"] ["copy","orig"]'
}

@test "templated notes that differ in their numbers are not duplicates" {
	for d in "21 95 104" "22 96 105"; do
		set -- $d
		printf '{"id":"n%s","text":"Курс доллара на %s декабря составил %s рублей, евро подорожал до %s рублей, сообщил Центральный банк России в своем ежедневном обзоре торгов на Московской бирже."}\n' "$1" "$1" "$2" "$3"
	done > notes.jsonl
	run -0 ns-dedupe notes.jsonl
	assert_equal "${#lines[@]}" 2
}

@test "cluster: transitive groups labelled with their first record's id" {
	seed_record 004 a 's/x/x/' > chain.jsonl
	seed_record 004 b 's/Лавров Лавров/Лавров/; s/Уиткофф/Уиткоф/g' >> chain.jsonl
	seed_record 000 c 's/x/x/' >> chain.jsonl
	seed_record 004 d 's/Лавров Лавров/Лавров/; s/Уиткофф/Уиткоф/g; s/Анкоридже/Анкоридж/' >> chain.jsonl
	run -0 bash -c "ns-dedupe --mode cluster chain.jsonl | jq -c '[.id, .cluster]'"
	assert_equal "${lines[*]}" '["a","a"] ["b","a"] ["c","c"] ["d","a"]'
}

@test "ids: the record's id (string or number), else its line number" {
	{
		printf '%s\n' '{"text":"Переговоры в Майами продолжатся завтра утром."}'
		printf '\n'
		printf '%s\n' '{"id":7,"text":"Переговоры в Майами продолжатся завтра утром!"}'
		printf '%s\n' '{"text":"переговоры в майами продолжатся завтра утром"}'
	} > ids.jsonl
	run -0 bash -c "ns-dedupe --mode cluster ids.jsonl | jq -c .cluster"
	assert_equal "${lines[*]}" "1 1 1"
	run -0 bash -c "ns-dedupe --mode mark ids.jsonl | jq -c .dup_of"
	assert_equal "${lines[*]}" "null 1 1"
	printf '%s\n' '{"id":[1],"text":"x"}' > badid.jsonl
	run -1 --separate-stderr ns-dedupe badid.jsonl
	assert_equal "$stderr" 'ns-dedupe: badid.jsonl:1: field "id" is not a string or a number'
}

@test "--field picks the text; our fields are replaced, not repeated" {
	printf '%s\n' '{"id":"a","title":"Встреча в Майами","text":"один"}' \
	    '{"id":"b","title":"встреча в майами!","text":"два","cluster":"old"}' > f.jsonl
	run -0 ns-dedupe --field title --mode cluster f.jsonl
	assert_line --index 0 '{"id":"a","title":"Встреча в Майами","text":"один","cluster":"a"}'
	assert_line --index 1 '{"id":"b","title":"встреча в майами!","text":"два","cluster":"a"}'
	run -0 ns-dedupe f.jsonl
	assert_equal "${#lines[@]}" 2
}

@test "bad option values exit 2 with the reason" {
	run -2 --separate-stderr ns-dedupe --threshold 1.7 seeds.jsonl
	assert_equal "${stderr_lines[0]}" "ns-dedupe: --threshold: out of range (0..1): 1.7"
	run -2 --separate-stderr ns-dedupe --threshold 0 seeds.jsonl
	assert_equal "${stderr_lines[0]}" "ns-dedupe: --threshold: out of range (0..1): 0"
	run -2 --separate-stderr ns-dedupe --mode keep seeds.jsonl
	assert_equal "${stderr_lines[0]}" "ns-dedupe: --mode: not drop, mark or cluster: keep"
	run -2 --separate-stderr ns-dedupe --window 3x seeds.jsonl
	assert_equal "${stderr_lines[0]}" "ns-dedupe: --window: invalid duration (30d, 12h, 90m, 45s, 2w): 3x"
	run -2 --separate-stderr ns-dedupe --emit-keys --state s.db seeds.jsonl
	assert_equal "${stderr_lines[0]}" "ns-dedupe: --emit-keys: works without --state and --window"
	run -2 --separate-stderr ns-dedupe --reduce --threshold 0.9 seeds.jsonl
	assert_equal "${stderr_lines[0]:0:50}" "ns-dedupe: --reduce: the keys carry the threshold;"
}

@test "--state: a later run drops what an earlier run saw" {
	run -0 ns-dedupe --state s.db seeds.jsonl
	assert_equal "${#lines[@]}" 5
	cat seeds.jsonl paras.jsonl > more.jsonl
	run -0 --separate-stderr ns-dedupe -v --state s.db more.jsonl
	assert_equal "$output" "$(cat paras.jsonl)"
	assert_equal "${stderr_lines[1]}" "ns-dedupe: 5 duplicates dropped"
	run -0 bash -c "ns-dedupe --state s.db --mode mark seeds.jsonl | jq -r .dup_of"
	assert_equal "${lines[*]}" "000 001 002 003 004"
	# Clusters keep their labels across runs.
	seed_record 003 again 's/Уиткоф/Уиткофф/' > again.jsonl
	run -0 bash -c "ns-dedupe --state s.db --mode cluster again.jsonl | jq -r .cluster"
	assert_output "003"
}

@test "a file that is not a state is refused" {
	echo 'not a database at all, just text' > bad.db
	run -2 --separate-stderr ns-dedupe --state bad.db seeds.jsonl
	assert_equal "$stderr" "ns-dedupe: bad.db: file is not a database"
	run -2 --separate-stderr ns-dedupe --state /nonexistent/dir/s.db seeds.jsonl
	assert_equal "$stderr" "ns-dedupe: /nonexistent/dir/s.db: No such file or directory"
}

@test "--window forgets records older than the window, by date" {
	today=$(date -u +%F)
	seed_record 001 old 's/x/x/' | jq -c '.date = "2000-01-01"' > old.jsonl
	seed_record 002 recent 's/x/x/' | jq -c --arg d "$today" '.date = $d' >> old.jsonl
	seed_record 001 old2 's/x/x/' > new.jsonl
	seed_record 002 recent2 's/x/x/' >> new.jsonl
	run -0 ns-dedupe --state s.db old.jsonl
	run -0 --separate-stderr ns-dedupe -v --state s.db --window 30d new.jsonl
	assert_equal "$(echo "$output" | jq -r .id)" "old2"
	assert_equal "${stderr_lines[2]}" "ns-dedupe: s.db: 3 records remembered, 1 forgotten, 1 candidates verified"
	# Without a window nothing is forgotten.
	run -0 ns-dedupe --state s.db new.jsonl
	assert_output ""
}

@test "--window forgets records without a date by when they were seen" {
	run -0 ns-dedupe --state s.db seeds.jsonl
	run -0 ns-dedupe --state s.db --window 1h seeds.jsonl
	assert_output ""
	sleep 2
	run -0 ns-dedupe --state s.db --window 1s seeds.jsonl
	assert_equal "${#lines[@]}" 5
}

@test "a date that is not ISO 8601 is reported, the record still passes" {
	printf '%s\n' '{"id":"d","date":"21.12.2025","text":"Переговоры в Майами продолжатся завтра."}' > d.jsonl
	run -0 --separate-stderr ns-dedupe --state s.db d.jsonl
	assert_equal "${#lines[@]}" 1
	assert_equal "$stderr" 'ns-dedupe: d.jsonl:1: field "date" is not an ISO 8601 date; using the time seen'
}

# Write paras.jsonl slowly into a run on state s.db, kill it with
# SIGKILL once it has written $1 records, and leave its output in out.
killed_run() {
	rm -f fifo out; mkfifo fifo
	ns-dedupe -u --mode mark --state s.db < fifo > out &
	pid=$!
	exec 4> fifo
	while IFS= read -r line; do
		printf '%s\n' "$line" >&4
		sleep 0.02
		[ "$(wc -l < out)" -ge "$1" ] && break
	done < paras.jsonl
	# A slow run (valgrind) may still be catching up.
	for i in $(seq 1 300); do
		[ "$(wc -l < out)" -ge "$1" ] && break
		sleep 0.1
	done
	kill -9 "$pid"
	exec 4>&-
	wait "$pid" || true
}

# The ids in state s.db, one a line, and its integrity check first.
state_ids() {
	python3 -c 'import sqlite3, sys, json
db = sqlite3.connect(sys.argv[1])
print(db.execute("pragma integrity_check").fetchone()[0])
for (i,) in db.execute("select id from rec order by seq"): print(json.loads(i))' s.db
}

@test "kill -9 mid-stream: the state opens and holds every record written" {
	for n in 3 9 17; do
		killed_run "$n"
		[ "$(wc -l < out)" -ge "$n" ]
		run -0 state_ids
		assert_line --index 0 "ok"
		for id in $(jq -r .id out); do
			assert_line "$id"
		done
		# The next run uses the state: what was written is dropped.
		run -0 --separate-stderr ns-dedupe --state s.db out
		assert_output ""
	done
	run -0 ns-dedupe --state s.db paras.jsonl
	run -0 state_ids
	assert_line --index 0 "ok"
}

@test "two runs on one state: the second waits, or gives up with a message" {
	rm -f fifo; mkfifo fifo
	ns-dedupe --state s.db < fifo > out1 &
	pid=$!
	exec 4> fifo
	sleep 1
	run -2 --separate-stderr ns-dedupe --state s.db --wait 1s seeds.jsonl
	assert_output ""
	assert_equal "$stderr" "ns-dedupe: s.db: locked by another run (gave up after 1s)"
	ns-dedupe --state s.db --wait 60s seeds.jsonl > out2 4>&- &
	pid2=$!
	sleep 1
	cat seeds.jsonl >&4
	exec 4>&-
	wait "$pid"
	wait "$pid2"
	assert_equal "$(wc -l < out1)" 5
	assert_equal "$(wc -l < out2)" 0
	run -0 state_ids
	assert_line --index 0 "ok"
	assert_equal "${#lines[@]}" 11
}

@test "--emit-keys | sort | --reduce gives the clusters of a single run" {
	python3 "$TOP/bench/ns-dedupe-corpus.py" "$SEEDS" bench.jsonl 2>/dev/null
	cat bench.jsonl paras.jsonl paras.jsonl > all.jsonl
	for mode in cluster mark drop; do
		ns-dedupe --mode "$mode" all.jsonl |
		    jq -c '{id} + (if .dup_of then {dup_of, similarity} else {} end) +
		        (if .cluster then {cluster} else {} end)' > single
		ns-dedupe --emit-keys all.jsonl | LC_ALL=C sort |
		    ns-dedupe --reduce --mode "$mode" > reduced
		run -0 cmp single reduced
	done
	# Not merely singletons: 14 seed records in 5 stories, and the
	# paragraphs twice over.
	ns-dedupe --emit-keys all.jsonl | LC_ALL=C sort |
	    ns-dedupe --reduce --mode cluster > reduced
	assert_equal "$(wc -l < reduced)" "$(( 14 + 2 * $(wc -l < paras.jsonl) ))"
	assert_equal "$(jq -r .cluster reduced | sort -u | wc -l)" \
	    "$(( 5 + $(wc -l < paras.jsonl) ))"
}

@test "--emit-keys with --part; the reducer wants its input sorted" {
	head -3 seeds.jsonl > a.jsonl
	tail -2 seeds.jsonl > b.jsonl
	{ ns-dedupe --emit-keys --part 1 a.jsonl; ns-dedupe --emit-keys --part 2 b.jsonl; } |
	    LC_ALL=C sort | ns-dedupe --reduce --mode cluster > reduced
	run -0 jq -r .id reduced
	assert_equal "${lines[*]}" "000 001 002 003 004"
	run -0 bash -c "ns-dedupe --emit-keys seeds.jsonl | cut -f 2 | sort -u"
	assert_line --index 0 "00000000000000000001"
	assert_equal "${#lines[@]}" 5
	ns-dedupe --emit-keys seeds.jsonl | LC_ALL=C sort -r > unsorted
	run -2 --separate-stderr ns-dedupe --reduce unsorted
	assert_equal "$stderr" "ns-dedupe: unsorted:2: keys out of order (sort them with LC_ALL=C sort)"
	printf 'not a key line\n' > junk
	run -1 --separate-stderr ns-dedupe --reduce junk
	assert_equal "$stderr" "ns-dedupe: junk:1: not a line of ns-dedupe --emit-keys"
}
