/* test_header.c: dates and titles from article headers. */
#include "header.h"
#include "tap.h"

static struct ns_header h = { "", NS_BUF_INIT, 0 };

static void
parse(const char *s, int flags)
{
	ns_header_parse(s, strlen(s), flags, &h);
}

int
main(void)
{
	char iso[24];
	const char *s;

	parse(" date 2025-12-21 СМИ: Во время переговоров в Майами США "
	    "передали России одно послание 5 21.12.2025, 12:09\n\nТекст.", 0);
	is_str(h.date, strlen(h.date), "2025-12-21T12:09",
	    "seed 001: the timestamp's time joins the header's date");
	is_str(h.title.p, h.title.len, "СМИ: Во время переговоров в Майами "
	    "США передали России одно послание",
	    "and the view counter and timestamp leave the title");
	s = " date 2025-12-21 Т 5 21.12.2025, 12:09\n\nТекст.";
	parse(s, 0);
	is_int(h.body, strlen(s) - strlen("\nТекст."),
	    "the body starts after the header line");

	parse(" date 2025-12-17 Американська сторона ознайомить делегатів\n"
	    "\nТекст.", NS_HEADER_TITLELINE);
	is_str(h.date, strlen(h.date), "2025-12-17", "seed 002: a date");
	is_str(h.title.p, h.title.len,
	    "Американська сторона ознайомить делегатів", "and the title");

	parse(" date 2025-12-20 Заголовок 7 19.12.2025, 08:00\n\nТекст.", 0);
	is_str(h.date, strlen(h.date), "2025-12-20",
	    "a timestamp of another day leaves the header's date alone");
	is_str(h.title.p, h.title.len, "Заголовок", "but leaves the title");

	parse("Date: 2024-02-29T23:59   Високосный   день  \nТекст.", 0);
	is_str(h.date, strlen(h.date), "2024-02-29T23:59",
	    "Date: with a time, 29 February of a leap year");
	is_str(h.title.p, h.title.len, "Високосный день",
	    "white space collapsed");

	parse(" date 2025-02-29 Не бывает\n\nТекст.", 0);
	is_int(strlen(h.date), 0, "2025-02-29 is not a date: no header");
	is_int(h.body, 0, "and the body is everything");

	parse("Анонимные источники сообщают о переговорах\n\nОппозиционный "
	    "канал сообщает.\n", NS_HEADER_TITLELINE);
	is_str(h.title.p, h.title.len,
	    "Анонимные источники сообщают о переговорах",
	    "seed 000: a headline on its own line");
	is_int(strlen(h.date), 0, "no date");
	parse("Анонимные источники сообщают о переговорах\n\nОппозиционный "
	    "канал сообщает.\n", 0);
	is_int(h.title.len, 0, "not without NS_HEADER_TITLELINE");
	parse("Это обычное предложение.\n\nИ второе.\n", NS_HEADER_TITLELINE);
	is_int(h.title.len, 0, "a first line ending in a period is text");
	parse("Заголовок без продолжения\n\n  \n", NS_HEADER_TITLELINE);
	is_int(h.title.len, 0, "a first line with nothing after it is text");
	parse("Заголовок\nсразу текст.\n", NS_HEADER_TITLELINE);
	is_int(h.title.len, 0, "no blank line after it: text");
	parse("\n\nЧто будет с ценами?\n\nТекст.", NS_HEADER_TITLELINE);
	is_str(h.title.p, h.title.len, "Что будет с ценами?",
	    "blank lines before it, a question mark");
	parse("Курс доллара 21.12.2025 12:09\n\nТекст.", NS_HEADER_TITLELINE);
	is_str(h.date, strlen(h.date), "2025-12-21T12:09",
	    "a headline's timestamp gives the date");
	is_str(h.title.p, h.title.len, "Курс доллара", "and leaves it");

	ok(ns_header_date("21.12.2025, 12:09", 17, iso) == 0 &&
	    strcmp(iso, "2025-12-21T12:09") == 0, "dd.mm.yyyy, hh:mm");
	ok(ns_header_date("12:09 1.2.2025", 14, iso) == 0 &&
	    strcmp(iso, "2025-02-01T12:09") == 0, "hh:mm d.m.yyyy");
	ok(ns_header_date("2025-12-21 12:09:33", 19, iso) == 0 &&
	    strcmp(iso, "2025-12-21T12:09") == 0, "seconds are dropped");
	ok(ns_header_date("2025-13-01", 10, iso) == -1, "month 13: no");
	ok(ns_header_date("21.12.2025 25:00", 16, iso) == -1, "25:00: no");
	ok(ns_header_date("21.12.25", 8, iso) == -1, "two-digit year: no");
	ok(ns_header_date("2025-12-21x", 11, iso) == -1, "trailing junk: no");
	ns_buf_free(&h.title);
	return tap_done();
}
