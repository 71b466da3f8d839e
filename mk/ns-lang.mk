# ns-lang: rebuild the built-in model, run the benchmark.

# The model is compiled into libns (lib/langmodel.c, NS_EMBED); the
# Makefile's EMBEDDERS rule makes langmodel.o depend on models/*.bin.

# Retrain models/lang.bin from the language-ID text (../shared/data/langid,
# with its debian/ top-up when debian-topup.sh has made it), staged by
# models/lang-corpus.sh, and the UD dev files of LANG_UD it adds.
# LANG_DROP names sources to leave out.
# Takes about half an hour of one core; the training log goes to
# models/lang.log.
LANGID		?= ../shared/data/langid
LANG_UD		?= ../shared/data/ud
LANG_DROP	?=
# The shipped model's seed (of two tried; see doc/ns-lang.md).
LANG_TRAIN	?= --set seed=2

lang-model: bin/ns-lang
	@test -f $(LANGID)/MANIFEST.tsv || \
		{ echo "lang-model: $(LANGID) not found" >&2; exit 1; }
	tmp=$$(mktemp -d) && \
	sh models/lang-corpus.sh $(LANG_DROP:%=-x %) -u $(LANG_UD) $(LANGID) \
		"$$tmp" && \
	nice bin/ns-lang train -v $(LANG_TRAIN) -o models/lang.bin "$$tmp" \
		2> models/lang.log; \
	rc=$$?; cp "$$tmp/SOURCES.tsv" models/lang-sources.tsv 2>/dev/null; \
	rm -rf "$$tmp"; exit $$rc

bench-ns-lang: all
	sh bench/ns-lang.sh

.PHONY: lang-model bench-ns-lang
