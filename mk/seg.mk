# seg: the word fast path of lib/seg.c against ICU alone, on all the text
# of ../shared/data (bench/seg-compare.sh).
$(BUILD)/bench/segcmp: $(BUILD)/bench/segcmp.o $(BUILD)/libns.a
	$(CC) $(LDFLAGS) -o $@ $< $(BUILD)/libns.a $(LDLIBS)

-include $(BUILD)/bench/segcmp.d

.PHONY: segcmp bench-seg
segcmp: $(BUILD)/bench/segcmp

bench-seg: $(BUILD)/bench/segcmp
	SEGCMP=$(BUILD)/bench/segcmp sh bench/seg-compare.sh
