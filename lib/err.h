/* err.h: the error value every libns function fills instead of printing. */
#ifndef NS_ERR_H
#define NS_ERR_H

#define NS_ERR_MSGLEN 160

/*
 * What went wrong, for cmd/ to report.  msg is lower-case with no trailing
 * period.  line and byte are 1-based positions when known, 0 otherwise.
 */
struct ns_error {
	char	msg[NS_ERR_MSGLEN];
	long	line;
	long	byte;
};

/* Fill err (which may be NULL) with a printf-style message; byte set to 0. */
void	ns_error_set(struct ns_error *err, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

#endif
