# mk/ns-dedupe.mk: the ns-dedupe benchmark alone.
.PHONY: bench-ns-dedupe
bench-ns-dedupe: all
	sh bench/ns-dedupe.sh
