/* gold.c: reading an entity corpus in SlavicNER's gold.ndjson format. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "buf.h"
#include "gold.h"
#include "reader.h"
#include "record.h"

static const char *
str(const json_t *o, const char *k, size_t *n)
{
	const json_t *v = json_object_get(o, k);

	if (!json_is_string(v)) {
		if (n != NULL)
			*n = 0;
		return NULL;
	}
	if (n != NULL)
		*n = json_string_length(v);
	return json_string_value(v);
}

static long
offset(const json_t *o, const char *k)
{
	const json_t *v = json_object_get(o, k);

	return json_is_integer(v) && json_integer_value(v) >= 0 ?
	    (long)json_integer_value(v) : -1;
}

/* Fill ents from the array a; returns the count kept. */
static size_t
ents(const json_t *a, struct ns_gold_ent **out)
{
	size_t i, k = 0;
	const json_t *e;

	*out = NULL;
	if (!json_is_array(a) || json_array_size(a) == 0)
		return 0;
	*out = ns_xcalloc(json_array_size(a), sizeof(**out));
	json_array_foreach(a, i, e) {
		struct ns_gold_ent *g = &(*out)[k];

		if ((g->text = str(e, "text", &g->ntext)) == NULL ||
		    (g->type = str(e, "type", NULL)) == NULL)
			continue;
		if ((g->lemma = str(e, "lemma", &g->nlemma)) == NULL) {
			g->lemma = g->text;
			g->nlemma = g->ntext;
		}
		if ((g->key = str(e, "key", &g->nkey)) == NULL)
			g->key = "";
		g->bstart = offset(e, "bstart");
		g->bend = offset(e, "bend");
		k++;
	}
	return k;
}

int
ns_gold_each(const char *path, const char *split, ns_gold_fn *fn, void *ctx,
    struct ns_error *err)
{
	struct ns_reader *r;
	struct ns_gold_doc d;
	struct ns_error e;
	const char *line, *sp;
	size_t len;
	json_t *o;
	int rc, rval = 0;

	if ((r = ns_reader_open(path, &e)) == NULL) {
		ns_error_set(err, "%s: %s", path, e.msg);
		return -1;
	}
	while ((rc = ns_reader_next(r, &line, &len, &e)) == 1) {
		if ((o = json_loadb(line, len, 0, NULL)) == NULL ||
		    !json_is_object(o)) {
			json_decref(o);
			ns_error_set(err, "%s:%ld: not a JSON object",
			    ns_reader_name(r), ns_reader_lineno(r));
			rval = -1;
			break;
		}
		sp = str(o, "split", NULL);
		memset(&d, 0, sizeof(d));
		d.id = str(o, "id", NULL);
		d.lang = str(o, "lang", NULL);
		d.topic = str(o, "topic", NULL);
		d.path = str(o, "path", NULL);
		d.split = sp;
		if ((split == NULL || (sp != NULL && strcmp(sp, split) == 0)) &&
		    d.lang != NULL) {
			d.nents = ents(json_object_get(o, "entities"), &d.ents);
			d.nments = ents(json_object_get(o, "mentions"),
			    &d.ments);
			if (d.nents == 0) {
				d.ents = d.ments;
				d.nents = d.nments;
			} else if (d.nments == 0) {
				d.ments = d.ents;
				d.nments = d.nents;
			}
			rc = fn(ctx, &d, err);
			if (d.ments != d.ents)
				free(d.ments);
			free(d.ents);
			if (rc == -1) {
				json_decref(o);
				rval = -1;
				break;
			}
		}
		json_decref(o);
	}
	if (rc == -1 && rval == 0) {
		ns_error_set(err, "%s: %s", ns_reader_name(r), e.msg);
		rval = -1;
	}
	ns_reader_close(r);
	return rval;
}

static int
conllu_file(const char *path, const char *lang, ns_conllu_fn *fn, void *ctx,
    struct ns_error *err)
{
	struct ns_reader *r;
	struct ns_conllu_tok t;
	struct ns_buf b = NS_BUF_INIT;
	struct ns_error e;
	const char *line;
	char *col[10], *p;
	size_t len;
	int i, rc, rval = 0;

	if ((r = ns_reader_open(path, &e)) == NULL) {
		ns_error_set(err, "%s: %s", path, e.msg);
		return -1;
	}
	while ((rc = ns_reader_getline(r, &line, &len, &e)) == 1) {
		if (len == 0 || line[0] == '#')
			continue;
		ns_buf_reset(&b);
		ns_buf_add(&b, line, len);
		p = b.p;
		for (i = 0; i < 10 && p != NULL; i++) {
			col[i] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		if (i < 6 || strpbrk(col[0], "-.") != NULL)
			continue;
		t.lang = lang;
		t.form = col[1];
		t.lemma = col[2];
		t.upos = col[3];
		t.feats = col[5];
		if (fn(ctx, &t, err) == -1) {
			rval = -1;
			break;
		}
	}
	if (rc == -1) {
		ns_error_set(err, "%s: %s", path, e.msg);
		rval = -1;
	}
	ns_buf_free(&b);
	ns_reader_close(r);
	return rval;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ns_conllu_each_dir(const char *dir, ns_conllu_fn *fn, void *ctx,
    struct ns_error *err)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL, lang[16], *us;
	size_t i, n = 0, len;
	int rval = 0;

	if ((d = opendir(dir)) == NULL) {
		ns_error_set(err, "%s: cannot open folder", dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len > 7 && strcmp(de->d_name + len - 7, ".conllu") == 0) {
			names = ns_xrealloc(names, (n + 1) * sizeof(*names));
			names[n++] = ns_xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), namecmp);
	for (i = 0; i < n; i++) {
		struct ns_buf path = NS_BUF_INIT;

		snprintf(lang, sizeof(lang), "%s", names[i]);
		if ((us = strchr(lang, '_')) != NULL)
			*us = '\0';
		ns_buf_printf(&path, "%s/%s", dir, names[i]);
		if (rval == 0 && conllu_file(path.p, lang, fn, ctx, err) == -1)
			rval = -1;
		ns_buf_free(&path);
		free(names[i]);
	}
	free(names);
	return rval;
}
