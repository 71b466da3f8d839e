# ns-split: the word-list model, the sentence benchmark helper, the bench.

# The word lists are compiled into libns (lib/wordlist.c).
$(BUILD)/lib/wordlist.o: models/split-words.txt

# Sentence-boundary scoring against gold data (bench/ns-split.sh).
$(BUILD)/bench/sentbench: $(BUILD)/bench/sentbench.o $(BUILD)/libns.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libns.a $(LDLIBS)

sentbench: $(BUILD)/bench/sentbench

.PHONY: sentbench
