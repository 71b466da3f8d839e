/* test_boiler.c: article paragraphs and boilerplate. */
#include "boiler.h"
#include "tap.h"

#define NP(a)	(sizeof(a) / sizeof((a)[0]))

static struct ns_wordlist *wl;
static int ru;

static void
classify(struct ns_boiler_para *p, const char *const *text, size_t np,
    const char *title)
{
	size_t i;

	for (i = 0; i < np; i++) {
		memset(&p[i], 0, sizeof(p[i]));
		p[i].s = text[i];
		p[i].n = strlen(text[i]);
	}
	ns_boiler_classify(wl, ru, title, strlen(title), p, np, 0);
}

int
main(void)
{
	static const char *const tail[] = {
		("Кремль заявил, что переговоры с американской стороной "
		    "продолжатся на следующей неделе в Майами."),
		("Как сообщалось ранее, стороны не смогли договориться о "
		    "дате новой встречи."),
		"Сегодня нашу независимость сохранит только Ваша поддержка",
		"Поддержать",
		"Мир",
		"10.12.2025",
		"23:00",
		"«Страшная месть: все будет иначе», - провозглашает агентство...",
		"Все статьи",
	};
	static const char *const head[] = {
		"Заголовок статьи",
		"Архивное фото",
		"Основные разногласия между сторонами остаются неизменными.",
		("В Майами закрытые переговоры американских и российских "
		    "чиновников не достигли видимого прогресса в вопросе "
		    "окончания войны."),
		"Что известно",
		("Источники издания описали позицию США как решительную, но "
		    "сдержанную."),
	};
	static const char *const teaser[] = {
		("Переговоры в Майами прошли без результата, и стороны "
		    "разошлись до января."),
		"Донецк",
		("Президент заявил, что переговоры с Россией будут "
		    "продолжены в январе."),
		"09.12.2025",
		"Переговоры продолжатся, сказал он в интервью, и это главное.",
	};
	static const char *const alone[] = { "Подробности позже" };
	struct ns_boiler_para p[16];
	struct ns_error err;
	size_t i;

	wl = ns_wordlist_default(&err);
	ru = ns_wordlist_lang(wl, "ru", 2);

	classify(p, tail, NP(tail), "");
	ok(!p[0].boiler && !p[1].boiler, "two article paragraphs are kept");
	is_int(p[0].nwords, 13, "13 words");
	ok(p[0].cls == NS_BOILER_GOOD && p[0].ended,
	    "the first is good: ended, with stop words");
	for (i = 2; i < NP(tail); i++)
		if (!p[i].boiler)
			break;
	is_int(i, NP(tail), "everything after the last good one goes");
	ok(p[2].cls == NS_BOILER_NEAR, "an appeal without a period is near");
	ok(p[5].cls == NS_BOILER_BAD && p[6].cls == NS_BOILER_BAD,
	    "a date and a time alone are bad");
	ok(p[7].cut && !p[7].ended, "a teaser cut with ... is not ended");
	ok(p[3].cls == NS_BOILER_SHORT, "a button is short");

	classify(p, head, NP(head), "Заголовок статьи");
	ok(p[0].boiler && p[0].cls == NS_BOILER_BAD,
	    "the title repeated in the body is bad");
	ok(p[1].boiler, "a photo credit before the text goes");
	ok(!p[2].boiler, "a short lead with a period stays");
	ok(!p[3].boiler && !p[5].boiler, "the article stays");
	ok(!p[4].boiler && p[4].cls == NS_BOILER_SHORT,
	    "a subheading between good paragraphs stays");

	classify(p, teaser, NP(teaser), "");
	ok(p[2].cls == NS_BOILER_SHORT,
	    "a good short paragraph between two bad ones is a teaser");
	ok(!p[0].boiler && p[2].boiler && p[1].boiler && p[3].boiler,
	    "and goes with them");
	ok(!p[4].boiler, "the last good paragraph stays");

	classify(p, alone, NP(alone), "");
	ok(!p[0].boiler, "with no good paragraph nothing is boilerplate");
	ns_wordlist_free(wl);
	return tap_done();
}
