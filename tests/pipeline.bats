#!/usr/bin/env bats
# pipeline.bats: the tools together, as README.md and make demo run them.

load helper

setup() {
	common_setup
}

@test "make demo's pipeline: every seed split, identified, tagged, kept" {
	# The recipe itself, not make: make would relink bin/ mid-suite.
	cmd=$(sed -n '/^demo:/{n;s/^\t//;p;}' "$TOP/Makefile")
	assert_equal "$cmd" 'bin/ns-split tests/fixtures/seeds/*.txt | bin/ns-lang | bin/ns-entities | bin/ns-dedupe -v'
	run -0 --separate-stderr bash -c "cd '$TOP' && $cmd"
	assert_equal "$stderr" "ns-dedupe: 5 records, 0 rejected"
	run -0 jq -r '"\(.id[0:3]) \(.lang) \(.date) \(.entities | length > 10)"' <<< "$output"
	assert_output "000 ru null true
001 ru 2025-12-21T12:09 true
002 uk 2025-12-17 true
003 bg 2025-01-01 true
004 ru 2025-12-11 true"
}

@test "sentence records keep their document's language and date downstream" {
	run -0 bash -c "ns-split --unit sent '$SEEDS/002_0eb56f0bcda4d5b8.txt' |
	    ns-lang | ns-entities | ns-dedupe --mode mark |
	    jq -r '\"\(.doc) \(.lang) \(.date) \(.dup_of // \"-\")\"' | sort | uniq -c"
	assert_output --regexp '^ +[0-9]+ 002_0eb56f0bcda4d5b8 uk 2025-12-17 -$'
}

@test "the same story reposted by another outlet is dropped, the others kept" {
	cp "$SEEDS/001_1ef1a0633de8ea85.txt" a.txt
	# A repost: another header, the first paragraph cut, a footer added.
	{ echo " date 2025-12-22 Переговоры в Майами: что известно"; echo;
	  sed -n '5,$p' "$SEEDS/001_1ef1a0633de8ea85.txt"; echo;
	  echo "Подписывайтесь на наш канал"; } > b.txt
	run -0 --separate-stderr bash -c "ns-split a.txt b.txt \
	    '$SEEDS/002_0eb56f0bcda4d5b8.txt' '$SEEDS/003_8bfec394be4f21b2.txt' |
	    ns-lang | ns-entities | ns-dedupe -v | jq -r .id"
	assert_output "a
002_0eb56f0bcda4d5b8
003_8bfec394be4f21b2"
	assert_equal "${stderr_lines[0]}" "ns-dedupe: 4 records, 0 rejected"
	assert_equal "${stderr_lines[1]}" "ns-dedupe: 1 duplicate dropped"
}

@test "one person, one key, across the Russian, Ukrainian and Bulgarian seeds" {
	run -0 bash -c "ns-split '$SEEDS'/00[1-4]*.txt | ns-lang | ns-entities |
	    jq -r '.entities[] | select(.text | test(\"^(Дмитриев|Дмитрієв|Кирилл Дмитриев|Кирило Дмитрієв|Кирил Дмитриев)\$\")) | .key' | sort -u"
	assert_equal "${#lines[@]}" 1
}
