#!/usr/bin/env bats
# cli.bats: the contract every tool shares (ns(7), STYLE.md), per tool.

load helper

setup() {
	common_setup
}

@test "--help prints the usage on stdout and exits 0" {
	for t in $(built_tools); do
		run -0 --separate-stderr "$t" --help
		assert_line --index 0 --regexp "^usage: $t "
		assert_output --partial "--rejects FILE"
		assert_equal "$stderr" ""
	done
}

@test "--version prints the tool and package version" {
	for t in $(built_tools); do
		run -0 "$t" --version
		assert_output "$t (ns) 0.1.0"
	done
}

@test "a bad option exits 2 with the usage on stderr" {
	for t in $(built_tools); do
		run -2 --separate-stderr "$t" --no-such-option
		assert_equal "$output" ""
		assert_equal "${stderr_lines[0]}" \
		    "$t: unrecognized option '--no-such-option'"
		assert_equal "${stderr_lines[1]:0:7}" "usage: "
	done
}

@test "unknown fields and their order survive byte for byte" {
	for t in $(built_tools); do
		run -0 --separate-stderr "$t" "$FIX/contract.jsonl"
		assert_line --index 0 --partial '{"z":1.0e6,"id":"r1","x":{"b":[1, 2]},'
		assert_equal "${#lines[@]}" 2
		assert_equal "$stderr" ""
	done
}

@test "- reads stdin, and several files are read in order" {
	for t in $(built_tools); do
		run -0 bash -c "$t - '$FIX/crlf.jsonl' < '$FIX/contract.jsonl'"
		assert_equal "${#lines[@]}" 4
		assert_line --index 0 --partial '"id":"r1"'
		assert_line --index 2 --partial '"id":"c1"'
		assert_line --index 3 --partial '"id":"c2"'
	done
}

@test "CRLF line ends and blank lines are accepted" {
	for t in $(built_tools); do
		run -0 --separate-stderr "$t" "$FIX/crlf.jsonl"
		assert_equal "${#lines[@]}" 2
		refute_output --partial $'\r'
		assert_equal "$stderr" ""
	done
}

@test "bad lines are reported, the rest flows, exit 1" {
	for t in $(built_tools); do
		run -1 --separate-stderr "$t" "$FIX/bad.jsonl"
		assert_equal "${#lines[@]}" 2
		assert_line --index 0 --partial '"id":"g1"'
		assert_line --index 1 --partial '"id":"g2"'
		assert_equal "${stderr_lines[0]}" "$t: $FIX/bad.jsonl:2: not a JSON object"
		assert_equal "${stderr_lines[1]:0:${#t}+${#FIX}+28}" "$t: $FIX/bad.jsonl:4: invalid JSON"
		assert_equal "${stderr_lines[2]}" "$t: $FIX/bad.jsonl:5: missing field \"text\""
		assert_equal "${#stderr_lines[@]}" 3
	done
}

@test "--rejects keeps the rejected lines verbatim" {
	for t in $(built_tools); do
		rm -f rej
		run -1 --separate-stderr "$t" --rejects rej "$FIX/bad.jsonl"
		run -0 cmp rej <(sed -n '2p;4p;5p' "$FIX/bad.jsonl")
	done
}

@test "--strict stops at the first rejected record" {
	for t in $(built_tools); do
		run -1 --separate-stderr "$t" --strict "$FIX/bad.jsonl"
		assert_equal "${#lines[@]}" 1
		assert_equal "${#stderr_lines[@]}" 1
	done
}

@test "-q silences per-record messages but still exits 1; -v sums up" {
	for t in $(built_tools); do
		run -1 --separate-stderr "$t" -q "$FIX/bad.jsonl"
		assert_equal "$stderr" ""
		run -1 --separate-stderr "$t" -qv "$FIX/bad.jsonl"
		assert_equal "$stderr" "$t: 5 records, 3 rejected"
	done
}

@test "a missing file is reported and the others are still read" {
	for t in $(built_tools); do
		run -1 --separate-stderr "$t" missing.jsonl "$FIX/crlf.jsonl"
		assert_equal "${#lines[@]}" 2
		assert_equal "$stderr" "$t: missing.jsonl: No such file or directory"
	done
}

@test "a full disk is a write error, exit 2" {
	for t in $(built_tools); do
		run -2 --separate-stderr bash -c "$t '$FIX/contract.jsonl' > /dev/full"
		assert_equal "$stderr" "$t: write error: No space left on device"
	done
}

@test "a closed pipe ends quietly with status 0" {
	for i in $(seq 1 3000); do
		printf '{"id":"p%d","text":"Запись номер %d о переговорах в Майами."}\n' "$i" "$i"
	done > many.jsonl
	for t in $(built_tools); do
		run -0 --separate-stderr bash -c \
		    "set -o pipefail; $t many.jsonl | head -1"
		assert_equal "${#lines[@]}" 1
		assert_equal "$stderr" ""
	done
}

@test "-u flushes every record (works behind a pipe that stays open)" {
	for t in $(built_tools); do
		rm -f fifo out; mkfifo fifo
		"$t" -u < fifo > out &
		exec 4> fifo
		printf '%s\n' '{"id":"u1","text":"Переговоры в Майами продолжатся."}' >&4
		for i in $(seq 1 50); do
			[ -s out ] && break
			sleep 0.1
		done
		run -0 cat out
		assert_line --index 0 --partial '"id":"u1"'
		exec 4>&-
		wait
	done
}

@test "a line of several MiB is handled" {
	head -c 3000000 /dev/zero | tr '\0' 'a' | sed 's/a\{1000\}/& /g' |
	    jq -Rc '{id:"big",text:.}' > big.jsonl
	for t in $(built_tools); do
		run -0 --separate-stderr bash -c "$t big.jsonl | wc -l"
		[ "$output" -ge 1 ]
		assert_equal "$stderr" ""
	done
}

@test "a record whose field is not a string is rejected" {
	printf '%s\n' '{"id":"n1","text":42}' > num.jsonl
	for t in $(built_tools); do
		run -1 --separate-stderr "$t" num.jsonl
		assert_equal "$output" ""
		assert_equal "$stderr" "$t: num.jsonl:1: field \"text\" is not a string"
	done
}
