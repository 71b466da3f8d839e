/* test_sent.c: sentence boundaries on news text, ours and ICU's. */
#include <unicode/uclean.h>

#include "sent.h"
#include "utf8.h"
#include "tap.h"

static struct ns_sent *st, *icu;
static int ru, uk, bg;

/* The sentences of s joined with " | ". */
static const char *
split(struct ns_sent *sp, int lang, const char *s)
{
	static char out[2048];
	const struct ns_span *v;
	struct ns_error err;
	size_t n, i, o = 0;

	if (ns_sent_split(sp, lang, s, strlen(s), &v, &n, &err) < 0)
		return "(error)";
	for (i = 0; i < n; i++)
		o += (size_t)snprintf(out + o, sizeof(out) - o, "%s%.*s",
		    i > 0 ? " | " : "", (int)(v[i].b1 - v[i].b0), s + v[i].b0);
	return out;
}

#define SPLITS(lang, text, want, ...) do {				\
	const char *got_ = split(st, (lang), (text));			\
	is_str(got_, strlen(got_), (want), __VA_ARGS__);		\
} while (0)

int
main(void)
{
	struct ns_wordlist *wl;
	struct ns_error err;
	const struct ns_span *v;
	const char *s;
	size_t n;

	wl = ns_wordlist_default(&err);
	ru = ns_wordlist_lang(wl, "ru", 2);
	uk = ns_wordlist_lang(wl, "uk", 2);
	bg = ns_wordlist_lang(wl, "bg", 2);
	st = ns_sent_open(wl, "", 0, &err);
	icu = ns_sent_open(wl, "ru", NS_SENT_ICU, &err);
	ok(st != NULL && icu != NULL, "splitters open");

	SPLITS(ru, "Президент В. В. Путин провёл совещание. Об этом сообщил "
	    "Кремль.", "Президент В. В. Путин провёл совещание. | Об этом "
	    "сообщил Кремль.", "initials stay with the name");
	s = split(icu, ru, "Президент В. В. Путин провёл совещание.");
	is_str(s, strlen(s), "Президент В. | В. | Путин провёл совещание.",
	    "where ICU alone breaks");
	SPLITS(ru, "Его встречал проф. А. Н. Смирнов.",
	    "Его встречал проф. А. Н. Смирнов.", "a title before initials");
	SPLITS(uk, "Прилетів Дж. Кушнер. Він зустрівся з Віткоффом.",
	    "Прилетів Дж. Кушнер. | Він зустрівся з Віткоффом.", "Дж.");
	SPLITS(ru, "В 2024 г. товарооборот вырос на 3.5 процента, т.е. "
	    "вдвое.", "В 2024 г. товарооборот вырос на 3.5 процента, т.е. "
	    "вдвое.", "г., a decimal, т.е.");
	SPLITS(ru, "Обсудили торговлю и т. д. Следующий раунд в январе.",
	    "Обсудили торговлю и т. д. | Следующий раунд в январе.",
	    "т. д. ends a sentence before a capital");
	SPLITS(bg, "Страните обсъдиха енергетиката и др. Следващата среща е "
	    "през януари.", "Страните обсъдиха енергетиката и др. | "
	    "Следващата среща е през януари.", "bg: и др. ends one too");
	SPLITS(ru, "«Мы готовы к диалогу. Но не на любых условиях», — "
	    "заявил министр. Он уехал.", "«Мы готовы к диалогу. | Но не на "
	    "любых условиях», — заявил министр. | Он уехал.",
	    "sentences inside a quote; the attribution stays");
	SPLITS(bg, "„Готови сме.“ Министърът замина.",
	    "„Готови сме.“ | Министърът замина.", "„…“ quotes");
	SPLITS(ru, "Он сказал: \"Иди!\" Потом ушёл.",
	    "Он сказал: \"Иди!\" | Потом ушёл.", "\"…\" quotes");
	SPLITS(ru, "— Когда будет ответ? — спросил журналист. — Скоро.",
	    "— Когда будет ответ? — спросил журналист. | — Скоро.",
	    "dialogue dashes");
	SPLITS(ru, "Он ушёл. — Мы остались.", "Он ушёл. | — Мы остались.",
	    "a dash-led sentence (ICU: one)");
	SPLITS(ru, "Погибли двое. 5 человек ранены.",
	    "Погибли двое. | 5 человек ранены.", "a digit-led sentence");
	SPLITS(ru, "Ст. 205 УК РФ строга.", "Ст. 205 УК РФ строга.",
	    "but not after Ст.");
	SPLITS(ru, "Эксперты ждали прорыва… Его не случилось.",
	    "Эксперты ждали прорыва… | Его не случилось.",
	    "an ellipsis before a capital");
	SPLITS(ru, "Это было… словом, непросто.",
	    "Это было… словом, непросто.", "not before lower case");
	SPLITS(ru, "Пишите на press@example.ru или www.kremlin.ru. Ответим.",
	    "Пишите на press@example.ru или www.kremlin.ru. | Ответим.",
	    "e-mail addresses and URLs");
	SPLITS(ru, "Встреча назначена на 21.12.2025. Место уточняется.",
	    "Встреча назначена на 21.12.2025. | Место уточняется.", "a date");
	SPLITS(ru, "Там (в Анкоридже – прим. ред.) были достигнуты "
	    "понимания.", "Там (в Анкоридже – прим. ред.) были достигнуты "
	    "понимания.", "inside brackets");
	SPLITS(ru, "Отлично! 😍 Зато в горах холодно.",
	    "Отлично! 😍 | Зато в горах холодно.",
	    "an emoji stays with its sentence (ICU text)");
	SPLITS(ru, "Вот так. … Смысл в другом.",
	    "Вот так. | … Смысл в другом.", "marks alone make no sentence");
	SPLITS(ru, "  Одно предложение без точки  ",
	    "Одно предложение без точки", "trimmed");

	s = "Ёж ушёл. 😀 Ёлка.";
	ok(ns_sent_split(st, ru, s, strlen(s), &v, &n, &err) == 0 && n == 2,
	    "two sentences around an emoji");
	ok(v[1].c0 == 11 && v[1].c1 == 16 && v[1].b0 == 20,
	    "code points count the emoji once, bytes four times");
	ok(ns_sent_split(st, ru, "", 0, &v, &n, &err) == 0 && n == 0,
	    "empty text: no sentence");

	ns_sent_close(st);
	ns_sent_close(icu);
	ns_wordlist_free(wl);
	u_cleanup();
	return tap_done();
}
