# ns-entities: the tagger's word clusters and model, and its benchmark.
#
#   make ner-clusters   Brown clusters per language into $(NER_WORK)
#   make ner-model      train models/ner.bin from the train split
#   make bench-ns-entities
#
# The training data is ../shared/data (never in the repository); the
# cluster text is built from it by bench/ns-entities-data.py.

NER_DATA	?= ../shared/data
NER_WORK	?= build/ner
NER_LANGS	 = bg cs pl ru sl uk
NER_CLUSTERS	 = $(NER_LANGS:%=$(NER_WORK)/%.clusters)

.PHONY: ner-clusters ner-model bench-ns-entities
.PRECIOUS: $(NER_WORK)/%.txt

$(NER_WORK)/%.txt: bench/ns-entities-data.py
	@mkdir -p $(NER_WORK)
	python3 bench/ns-entities-data.py cluster-text $(NER_DATA) $* > $@

# The clusterer's source too: its output format lives there.
$(NER_WORK)/%.clusters: $(NER_WORK)/%.txt lib/brown.c
	$(MAKE) bin/ns-entities
	nice bin/ns-entities clusters -v -c 256 --min-count 3 -o $@ $<

ner-clusters: $(NER_CLUSTERS)

# Run single-threaded under nice (the machine is shared); then rebuild so
# that the binaries embed the new model.
ner-model: $(NER_CLUSTERS)
	$(MAKE) bin/ns-entities
	nice bin/ns-entities train -v --only ner --clusters $(NER_WORK) \
	    -o $(NER_WORK) $(NER_DATA)/slavicner/gold.ndjson
	cp $(NER_WORK)/ner.bin models/ner.bin
	$(MAKE) all

bench-ns-entities: all
	sh bench/ns-entities.sh
