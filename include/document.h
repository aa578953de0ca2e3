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

/* Serves a fetched document (document_store.h; its content is freed). */
struct stored_document;
void document_send(struct req *r, struct stored_document *doc);

#endif
