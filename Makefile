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

.PHONY: all check unit bats manlint valgrind install uninstall bench \
	clean demo

check: all
	$(MAKE) unit bats manlint

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
	cp $(LIB_HDR) $(DESTDIR)$(INCDIR)/ns/
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
