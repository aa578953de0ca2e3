/* PDFs read with qpdf before they are stored (pdf_check.h).  The byte scan
 * of filecheck.c let `%PDF-1.4`, 100,000 `<<` and a trailer through as a
 * diploma; qpdf parses the file as a reader would, without repairing it,
 * and the walk from the document's root sees names that object streams
 * hide from a byte scan. */
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "pdf_check.h"

#define PDF_MAX_OBJECTS 1000000 /* ids beyond this: not a diploma scan */
#define PDF_MAX_DEPTH 64

/* Names that make a PDF act when it is opened. */
static int active_name(const char *key)
{
	static const char *const active[] = {"/JavaScript", "/JS",  "/Launch",     "/EmbeddedFile", "/EmbeddedFiles",
	                                     "/RichMedia",  "/XFA", "/OpenAction", "/AA",           "/SubmitForm",
	                                     "/ImportData"};
	for (size_t i = 0; i < sizeof active / sizeof active[0]; i++)
		if (!strcmp(key, active[i]))
			return 1;
	return 0;
}

struct walk {
	qpdf_data q;
	unsigned char *seen; /* a bit per object id */
	int found; /* PDF_ACTIVE or PDF_CORRUPT, once found */
};

static void walk_object(struct walk *w, qpdf_oh oh, int depth)
{
	if (w->found)
		return;
	if (depth > PDF_MAX_DEPTH) {
		w->found = PDF_CORRUPT;
		return;
	}
	int id = qpdf_oh_get_object_id(w->q, oh);
	if (id > 0) {
		if (id >= PDF_MAX_OBJECTS) {
			w->found = PDF_CORRUPT;
			return;
		}
		if (w->seen[id / 8] & (1u << (id % 8)))
			return;
		w->seen[id / 8] |= (unsigned char)(1u << (id % 8));
	}
	if (qpdf_oh_is_array(w->q, oh)) {
		int n = qpdf_oh_get_array_n_items(w->q, oh);
		for (int i = 0; i < n && !w->found; i++) {
			qpdf_oh item = qpdf_oh_get_array_item(w->q, oh, i);
			walk_object(w, item, depth + 1);
			qpdf_oh_release(w->q, item);
		}
		return;
	}
	qpdf_oh dict = qpdf_oh_is_stream(w->q, oh) ? qpdf_oh_get_dict(w->q, oh) : 0;
	qpdf_oh d = dict ? dict : oh;
	if (qpdf_oh_is_dictionary(w->q, d)) {
		/* The key iterator is one per document: the keys are copied before
		 * the walk goes down into their values. */
		size_t nkeys = 0, cap = 16;
		char **keys = malloc(cap * sizeof *keys);
		qpdf_oh_begin_dict_key_iter(w->q, d);
		while (keys && qpdf_oh_dict_more_keys(w->q)) {
			const char *key = qpdf_oh_dict_next_key(w->q);
			if (active_name(key))
				w->found = PDF_ACTIVE;
			if (nkeys == cap) {
				char **grown = realloc(keys, 2 * cap * sizeof *keys);
				if (!grown)
					break;
				keys = grown;
				cap *= 2;
			}
			keys[nkeys++] = strdup(key);
		}
		for (size_t i = 0; i < nkeys; i++) {
			if (!w->found && keys[i] && strcmp(keys[i], "/Parent")) {
				qpdf_oh value = qpdf_oh_get_key(w->q, d, keys[i]);
				walk_object(w, value, depth + 1);
				qpdf_oh_release(w->q, value);
			}
			free(keys[i]);
		}
		free(keys);
	}
	if (dict)
		qpdf_oh_release(w->q, dict);
}

enum pdf_verdict pdf_check(const unsigned char *data, size_t len)
{
	qpdf_data q = qpdf_init();
	qpdf_silence_errors(q);
	qpdf_set_suppress_warnings(q, QPDF_TRUE);
	qpdf_set_attempt_recovery(q, QPDF_FALSE); /* a file that needs repair is not what it claims */
	enum pdf_verdict verdict = PDF_FINE;
	if ((qpdf_read_memory(q, "upload", (const char *)data, (unsigned long long)len, NULL) & QPDF_ERRORS) ||
	    (qpdf_check_pdf(q) & QPDF_ERRORS)) {
		verdict = PDF_CORRUPT;
	} else {
		struct walk w = {q, calloc(PDF_MAX_OBJECTS / 8 + 1, 1), 0};
		if (!w.seen) {
			verdict = PDF_CORRUPT;
		} else {
			qpdf_oh root = qpdf_get_root(q);
			qpdf_oh trailer = qpdf_get_trailer(q);
			walk_object(&w, root, 0);
			walk_object(&w, trailer, 0);
			verdict = w.found ? (enum pdf_verdict)w.found : PDF_FINE;
			free(w.seen);
		}
	}
	qpdf_cleanup(&q);
	return verdict;
}
