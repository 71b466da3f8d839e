/* langmodel.c: the default ns-lang model, compiled in from models/lang.bin. */
#include <stddef.h>

#include "embed.h"
#include "langid.h"

NS_EMBED(ns_lang_model, "models/lang.bin");

const struct ns_langid *
ns_langid_default(struct ns_error *err)
{
	static struct ns_langid *m;

	/* Opening validates the tables once; later calls reuse them. */
	if (m == NULL)
		m = ns_langid_open_mem(ns_lang_model,
		    (size_t)(ns_lang_model_end - ns_lang_model), err);
	return m;
}
