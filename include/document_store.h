/* document's rows (daemon/document_store.c). */
#ifndef SIDAKERD_DOCUMENT_STORE_H
#define SIDAKERD_DOCUMENT_STORE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct dbconn;

int document_insert(struct dbconn *db, int64_t account_id, const char *kind, const char *media_type,
                    const unsigned char *content, size_t len, int width, int height, const unsigned char sha256[32],
                    int64_t now, int64_t *id);
/* Removes the account's documents of a kind (photo, KTP and diploma are
 * replaced by a new upload). */
int document_delete_kind(struct dbconn *db, int64_t account_id, const char *kind);
/* Metadata of the account's documents as a JSON array, or NULL. */
json_t *document_list(struct dbconn *db, int64_t account_id);
/* Bit set of the kinds the account has uploaded, or -1. */
int document_kinds(struct dbconn *db, int64_t account_id);
struct stored_document {
	int64_t id, account_id;
	char kind[16], media_type[32];
	unsigned char *content; /* malloc'd */
	size_t len;
};
/* 1 found, 0 none, -1 error. */
int document_fetch(struct dbconn *db, int64_t id, struct stored_document *out);
/* The content of the account's current document of a kind (the photo for
 * the card); 1 found, 0 none, -1 error. */
int document_fetch_kind(struct dbconn *db, int64_t account_id, const char *kind, struct stored_document *out);

#endif
