# entities-norm: the lemmatiser and key models of ns-entities (lib/lemma*, lib/xkey*).

NORM_DATA	?= ../shared/data
NORM_CORPUS	 = $(NORM_DATA)/slavicner/gold.ndjson
NORM_UD		 = $(NORM_DATA)/ud
NORM_DRIVER	 = $(BUILD)/bench/entities-norm

$(NORM_DRIVER): $(BUILD)/bench/entities-norm.o $(BUILD)/libns.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libns.a $(LDLIBS)

-include $(BUILD)/bench/entities-norm.d

.PHONY: norm-driver norm-models bench-entities-norm

norm-driver: $(NORM_DRIVER)

# Retrain the default models from the train split (ns-entities train does
# the same); run under nice, single-threaded.
norm-models: $(NORM_DRIVER)
	nice $(NORM_DRIVER) train-lemma $(NORM_CORPUS) train $(NORM_UD) models/lemma.bin
	nice $(NORM_DRIVER) train-xkey $(NORM_CORPUS) train models/xkey.bin

bench-entities-norm: $(NORM_DRIVER)
	sh bench/entities-norm.sh
