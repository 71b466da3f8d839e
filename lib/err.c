/* err.c: filling struct ns_error. */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

void
ns_error_set(struct ns_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	err->byte = 0;
}
