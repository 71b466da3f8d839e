# ns-split: the word-list model, the sentence benchmark helper, the bench.

# The word lists are compiled into libns (lib/wordlist.c).
$(BUILD)/lib/wordlist.o: models/split-words.txt

# Sentence-boundary scoring against gold data (bench/ns-split.sh).
$(BUILD)/bench/sentbench: $(BUILD)/bench/sentbench.o $(BUILD)/libns.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libns.a $(LDLIBS)

sentbench: $(BUILD)/bench/sentbench

.PHONY: sentbench

# Retrain the word lists from the language-ID text (../shared/data/langid),
# leaving out the lines that MANIFEST.tsv says come from UD, whose dev
# files measure the sentence splitter.  sr-Latn.txt repeats part of sr.txt.
LANGID	?= ../shared/data/langid
split-words: bin/ns-split models/split-abbrev.txt
	@test -f $(LANGID)/MANIFEST.tsv || \
		{ echo "split-words: $(LANGID) not found" >&2; exit 1; }
	tmp=$$(mktemp -d) && \
	for f in $(LANGID)/*.txt; do \
		b=$${f##*/}; [ "$$b" = sr-Latn.txt ] && continue; \
		awk -F'\t' -v f="$$b" 'NR == FNR { if ($$1 == f && \
			$$2 == "ud") { lo[++n] = $$3; hi[n] = $$4 }; next } \
			{ for (i = 1; i <= n; i++) \
				if (FNR >= lo[i] && FNR <= hi[i]) next; print }' \
			$(LANGID)/MANIFEST.tsv "$$f" > "$$tmp/$$b"; \
	done && \
	bin/ns-split train --prefixes models/split-abbrev.txt --source "../shared/data/langid/*.txt without \
	sr-Latn.txt and without the lines of source ud" \
		-o models/split-words.txt "$$tmp"/*.txt; \
	rc=$$?; rm -rf "$$tmp"; exit $$rc

.PHONY: split-words
