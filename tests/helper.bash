# helper.bash: common set-up for the bats suites.
bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
FIX="$TOP/tests/fixtures"
SEEDS="$FIX/seeds"
TOOLS="ns-split ns-lang ns-entities ns-dedupe"

common_setup() {
	export LC_ALL=C
	unset LANG
	PATH="$TOP/bin:$PATH"
	# make valgrind: run every tool under $NS_VALGRIND.
	if [ -n "${NS_VALGRIND:-}" ]; then
		mkdir -p "$BATS_TEST_TMPDIR/vg"
		for t in "$TOP"/bin/ns-*; do
			printf '#!/bin/sh\nexec %s %s "$@"\n' "$NS_VALGRIND" \
			    "$t" > "$BATS_TEST_TMPDIR/vg/${t##*/}"
			chmod +x "$BATS_TEST_TMPDIR/vg/${t##*/}"
		done
		PATH="$BATS_TEST_TMPDIR/vg:$PATH"
	fi
	export PATH
	cd "$BATS_TEST_TMPDIR"
}

# The tools that exist in this build.
built_tools() {
	local t
	for t in $TOOLS; do
		[ -x "$TOP/bin/$t" ] && echo "$t"
	done
}

# A JSON string literal for raw text (stdin), for building fixtures.
json_str() {
	jq -Rsa . | tr -d '\n'
}
