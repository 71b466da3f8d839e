# ns: one Makefile builds libns, the tools, the tests and the benchmarks.

PREFIX	?= /usr/local
BINDIR	?= $(PREFIX)/bin
LIBDIR	?= $(PREFIX)/lib
INCDIR	?= $(PREFIX)/include
MANDIR	?= $(PREFIX)/share/man
PKG_CONFIG ?= pkg-config

# The libraries libns is built on (README: why each).
PKGS	= icu-uc icu-i18n jansson libutf8proc sqlite3 libxxhash

CFLAGS	?= -O2 -g
override CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra \
	-Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Werror \
	$(CFLAGS) $(shell $(PKG_CONFIG) --cflags $(PKGS))
LDLIBS	+= $(shell $(PKG_CONFIG) --libs $(PKGS)) -lm

# Flavours: plain; SAN=1 (ASan + UBSan); TEST=1 (for valgrind).  Test
# flavours define NS_TEST_BUILD so that ICU's caches are freed at exit.
ifeq ($(SAN),1)
override CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -g -DNS_TEST_BUILD
LDFLAGS += -fsanitize=address,undefined
BUILD	= build/san
else ifeq ($(TEST),1)
override CFLAGS += -DNS_TEST_BUILD
BUILD	= build/test
else
BUILD	= build/rel
endif
# bin/ holds the flavour built last; switching flavour relinks it.
FLAVOUR	= bin/.flavour-$(notdir $(BUILD))

LIB_SRC	= $(wildcard lib/*.c)
LIB_OBJ	= $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB_HDR	= $(wildcard lib/*.h)
# Headers that only libns's own sources and tests include (model layouts,
# the embedding macro): not installed.
LIB_HDR_INTERNAL = lib/embed.h lib/langid_format.h lib/lemmaint.h \
	lib/xkeyint.h
LIB_HDR_PUBLIC = $(filter-out $(LIB_HDR_INTERNAL),$(LIB_HDR))
CMD_SRC	= $(wildcard cmd/ns-*.c)
TOOLS	= $(CMD_SRC:cmd/%.c=%)
BINS	= $(TOOLS:%=bin/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS	= $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANS	= $(wildcard man/*.[1-9])
# Sources that compile a model in (lib/embed.h) depend on the model files.
EMBEDDERS = $(shell grep -l NS_EMBED $(LIB_SRC) $(CMD_SRC) 2>/dev/null)

all: $(BINS) $(BUILD)/libns.a

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ilib -MMD -MP -c -o $@ $<

$(EMBEDDERS:%.c=$(BUILD)/%.o): $(wildcard models/*.bin)

$(BUILD)/libns.a: $(LIB_OBJ)
	rm -f $@
	$(AR) rcs $@ $(LIB_OBJ)

$(FLAVOUR):
	@mkdir -p bin
	@rm -f bin/.flavour-*
	@touch $@

bin/%: $(BUILD)/cmd/%.o $(BUILD)/libns.a $(FLAVOUR)
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libns.a $(LDLIBS)

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(BUILD)/libns.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libns.a $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_SRC:%.c=$(BUILD)/%.d) \
	$(UNIT_SRC:%.c=$(BUILD)/%.d)

.PHONY: all check unit bats manlint installcheck valgrind install \
	uninstall bench clean demo

check: all
	$(MAKE) unit bats manlint installcheck

unit: $(UNITS)
	@fail=0; for t in $(UNITS); do \
		echo "# $$t"; $$t || fail=1; \
	done; exit $$fail

bats: $(BINS)
	bats tests/

manlint:
	@for m in $(MANS); do \
		out=$$(groff -mandoc -Tutf8 -ww -z $$m 2>&1); \
		if [ -n "$$out" ]; then echo "$$m: $$out"; exit 1; fi; \
	done; echo "man pages: $(words $(MANS)) clean"

# make install into a scratch root, then build a program that includes
# every installed header and links libns through its pkg-config file: the
# public headers must stand alone, without the internal ones.
INSTALLCHECK = $(BUILD)/installcheck
installcheck: all
	rm -rf $(INSTALLCHECK)
	$(MAKE) --no-print-directory PREFIX=$(CURDIR)/$(INSTALLCHECK) \
		install >/dev/null
	@set -e; root=$(CURDIR)/$(INSTALLCHECK); inc=$$root/include/ns; \
	for h in $$(cd $$inc && ls); do echo "#include <$$h>"; done \
		> $(INSTALLCHECK)/all.c; \
	echo 'int main(void) { return ns_utf8_valid_prefix("ok", 2) != 2; }' \
		>> $(INSTALLCHECK)/all.c; \
	pc=$$root/lib/pkgconfig; \
	$(CC) $(filter-out -I%,$(CFLAGS)) $(LDFLAGS) \
		-o $(INSTALLCHECK)/all $(INSTALLCHECK)/all.c \
		$$(PKG_CONFIG_PATH=$$pc $(PKG_CONFIG) --cflags --libs \
		--static libns); \
	$(INSTALLCHECK)/all; \
	for h in $(notdir $(LIB_HDR_INTERNAL)); do \
		test ! -e $$inc/$$h || { echo "installed: $$h"; exit 1; }; \
	done; \
	echo "install: $$(ls $$inc | wc -l) headers build and link"

VALGRIND = valgrind --quiet --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=definite,indirect
valgrind:
	$(MAKE) TEST=1 all
	NS_VALGRIND="$(VALGRIND)" bats tests/

# The main job: the whole pipeline on the bundled sample articles.
demo: all
	bin/ns-split tests/fixtures/seeds/*.txt | bin/ns-lang | bin/ns-entities | bin/ns-dedupe -v

# Each tool's benchmark is bench/<tool>.sh; make bench runs them all.
bench: all
	@for b in bench/ns-*.sh; do echo "== $$b"; sh $$b || exit 1; done

# Per-tool rules (training, single benchmarks) live in mk/<tool>.mk.
-include mk/*.mk

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCDIR)/ns $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man7
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp $(BUILD)/libns.a $(DESTDIR)$(LIBDIR)/
	cp $(LIB_HDR_PUBLIC) $(DESTDIR)$(INCDIR)/ns/
	cp $(filter %.1,$(MANS)) $(DESTDIR)$(MANDIR)/man1/
	cp $(filter %.7,$(MANS)) $(DESTDIR)$(MANDIR)/man7/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCDIR@|$(INCDIR)|' -e 's|@PKGS@|$(PKGS)|' \
		-e 's|@VERSION@|$(shell sed -n 's/.*NS_VERSION.*"\(.*\)"/\1/p' lib/cli.h)|' \
		lib/libns.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/libns.pc

uninstall:
	rm -f $(TOOLS:%=$(DESTDIR)$(BINDIR)/%) $(DESTDIR)$(LIBDIR)/libns.a \
		$(DESTDIR)$(LIBDIR)/pkgconfig/libns.pc \
		$(patsubst man/%,$(DESTDIR)$(MANDIR)/man1/%,$(filter %.1,$(MANS))) \
		$(patsubst man/%,$(DESTDIR)$(MANDIR)/man7/%,$(filter %.7,$(MANS)))
	rm -rf $(DESTDIR)$(INCDIR)/ns

clean:
	rm -rf build bin
