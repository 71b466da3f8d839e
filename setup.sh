#!/bin/sh
# setup.sh: install what ns needs to build and test, then run make.
#   sh setup.sh demo     the pipeline on the bundled sample articles
#   sh setup.sh check    build and run the whole test suite
# As root it installs the missing Debian packages with apt-get; otherwise
# it prints the exact command to run and stops.
set -eu

# Build: compiler, make, pkg-config and the four libraries ns links.
# Tests: bats with its helpers, jq, groff for the man page check.
PKGS="gcc make pkgconf libicu-dev libjansson-dev libutf8proc-dev
libsqlite3-dev libxxhash-dev bats bats-assert bats-support jq groff-base
python3"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "setup.sh: installing:$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq --no-install-recommends $missing >&2
	else
		echo "setup.sh: missing packages; run as root:" >&2
		echo "  apt-get install$missing" >&2
		exit 2
	fi
fi

cd "$(dirname "$0")"
make -s -j"$(nproc 2>/dev/null || echo 2)" all
exec make -s "$@"
