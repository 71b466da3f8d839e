// cld2-lines.cc: the CLD2 baseline for bench/ns-lang.sh: for each input
// line print CLD2's language code and its reliability, best-effort mode.
// Build: c++ -O2 -o cld2-lines bench/cld2-lines.cc -lcld2_full (or -lcld2)
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

int
main(int argc, char **argv)
{
	CLD2::CLDHints hints = { nullptr, nullptr, CLD2::UNKNOWN_ENCODING,
	    CLD2::UNKNOWN_LANGUAGE };
	int flags = CLD2::kCLDFlagBestEffort;
	char *line = nullptr;
	size_t cap = 0;
	ssize_t n;
	bool quiet = argc > 1 && std::strcmp(argv[1], "-q") == 0;
	long count = 0;

	while ((n = getline(&line, &cap, stdin)) != -1) {
		CLD2::Language lang3[3];
		int pct3[3], textbytes = 0;
		double score3[3];
		bool reliable = false;

		if (n > 0 && line[n - 1] == '\n')
			n--;
		CLD2::Language l = CLD2::ExtDetectLanguageSummary(line,
		    (int)n, true, &hints, flags, lang3, pct3, score3, nullptr,
		    &textbytes, &reliable);
		count += l != CLD2::UNKNOWN_LANGUAGE;
		if (!quiet)
			std::printf("%s\t%d\n", CLD2::LanguageCode(l),
			    reliable ? 1 : 0);
	}
	if (quiet)
		std::printf("%ld\n", count);
	std::free(line);
	return std::fflush(stdout) == 0 ? 0 : 1;
}
