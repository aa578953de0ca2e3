/* Tracer study of training and BKK alumni (tracer.c). */
#ifndef SIDAKERD_TRACER_H
#define SIDAKERD_TRACER_H

#include <stdint.h>

struct config;
struct dbconn;
struct req;

/* Issues the surveys whose wave has come (and tells the people); returns
 * how many, or -1.  Run by the daily job. */
int tracer_issue_surveys(struct dbconn *db, const struct config *cfg, int64_t now);

void tracer_report_graduates(struct req *r);
void tracer_list_own(struct req *r);
void tracer_answer(struct req *r);
void tracer_cohorts(struct req *r);

#endif
