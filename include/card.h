/*
 * The AK/I card itself (card.c): the holder's card, its PDF, its public
 * verification, the 6-monthly reports, removal and expiry.  The
 * applications (draft → submitted → revision requested ↔ resubmitted →
 * issued | rejected) are card_application.h's, the officers' register
 * card_register.h's, the legacy register import card_import.h's, the rows
 * card_store.h's.
 */
#ifndef SIDAKERD_CARD_H
#define SIDAKERD_CARD_H

#include <stddef.h>
#include <stdint.h>

#include "dates.h"

struct req;
struct server;

void card_get_own(struct req *r);
void card_pdf_own(struct req *r);
void card_report(struct req *r);
void card_pdf_staff(struct req *r);
void card_overdue_list(struct req *r);
void card_remove(struct req *r);
/* Anyone */
void card_verify_public(struct req *r);

/* The number of a new card from card_number_format: 0, or -1 when the
 * format is malformed or the result does not fit. */
int card_number_format(const char *format, const char *kabkota, int64_t serial, struct date issued, char *out,
                       size_t cap);
/* The daily job: expiry and (when set) removal for not reporting. */
int card_lifecycle_start(struct server *srv);
void card_lifecycle_stop(void);

#define CARD_REPORT_REMIND_DAYS 7 /* the holder is reminded this many days before a report is due */
#define CARD_REPORT_EARLY_DAYS 30 /* a report may be made up to this many days before it is due */

#endif
