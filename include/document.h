/*
 * Uploaded documents of job seekers: the 3x4 photo, KTP, diploma,
 * certificates and work letters.  Checked by content on the work pool,
 * stored in the database, served as attachments to their owner and to
 * officers only.
 */
#ifndef SIDAKERD_DOCUMENT_H
#define SIDAKERD_DOCUMENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct dbconn;
struct req;

void document_upload(struct req *r);
void document_list_own(struct req *r);
void document_get_own(struct req *r);

/* Kinds a card application needs before it can be submitted. */
enum document_kind_bit { DOC_PHOTO = 1, DOC_KTP = 2, DOC_DIPLOMA = 4, DOC_CERTIFICATE = 8, DOC_WORK_LETTER = 16 };
#define DOC_REQUIRED_FOR_CARD (DOC_PHOTO | DOC_KTP | DOC_DIPLOMA)

/* ---- store ---- */
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
/* Serves a fetched document (and frees its content). */
void document_send(struct req *r, struct stored_document *doc);

#endif
