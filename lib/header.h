/* header.h: an article's header: its date and its title. */
#ifndef NS_HEADER_H
#define NS_HEADER_H

#include <stddef.h>

#include "buf.h"

/* Options of ns_header_parse. */
#define NS_HEADER_TITLELINE	0x01	/* no header: a first line may be the title */

/*
 * What the top of an article says.  date is ISO 8601 ("2025-12-21" or
 * "2025-12-21T12:09"), empty when none was found; title holds the
 * cleaned title (white space collapsed, view counter and timestamp cut),
 * empty when none; body is the byte offset where the body starts.
 */
struct ns_header {
	char		date[24];
	struct ns_buf	title;
	size_t		body;
};

/*
 * Read the header of valid UTF-8 text s[0..n).  Recognised: a first line
 * " date 2025-12-21 Title" (the date may carry a time, "date:" works
 * too); a title that ends in a view counter and a timestamp
 * ("... послание 5 21.12.2025, 12:09"), whose time is added to the date
 * when the day is the same (or which gives the date when there is no
 * header); and, with NS_HEADER_TITLELINE, a headline on a first line of
 * its own: no more than 300 characters, not ending in '.', ',', ':' or
 * ';', and followed by a blank line and more text.  h->title must be
 * initialised (NS_BUF_INIT) and is reset here.
 */
void	ns_header_parse(const char *s, size_t n, int flags,
	    struct ns_header *h);

/*
 * Parse a date-time s[0..n) in one of the forms the header uses
 * (2025-12-21, 2025-12-21T12:09, 21.12.2025, "21.12.2025, 12:09",
 * "12:09 21.12.2025") into ISO 8601 in out.  Returns 0, or -1 when s
 * is not such a valid date.
 */
int	ns_header_date(const char *s, size_t n, char out[24]);

#endif
