/*
 * Job fairs (bursa kerja).  An officer creates a fair (fair.c) and publishes
 * it, which announces it to the job seekers who asked for news of
 * vacancies; verified companies take booths and bring vacancies
 * (fair_booth.c); job seekers register for a signed ticket (fair_ticket.h,
 * fair_visitor.c), officers register walk-ins by NIK; the door checks
 * tickets in, one at a time or an offline scanner's batch (fair_check_in.c);
 * a company records at its booth whom it met for which vacancy, an
 * application whose acceptance is a placement through the channel job_fair
 * (fair_meeting.c); the fair's report as JSON, XLSX or PDF (fair_report.c).
 */
#ifndef SIDAKERD_FAIR_H
#define SIDAKERD_FAIR_H

#include <stdint.h>

struct config;
struct fair_row;
struct req;

/* fair.c */
void fair_create(struct req *r);
void fair_update(struct req *r);
void fair_get(struct req *r);
void fair_list(struct req *r);
void fair_state(struct req *r);
void fair_ticket_key(struct req *r);
/* The moment (Unix seconds) of a date's HH:MM in the office's time. */
int64_t fair_moment(const struct config *cfg, const char *date, const char *hhmm);
/* Check-in is open from an hour before the first day's doors open until
 * the last day's doors close. */
int fair_check_in_open(const struct config *cfg, const struct fair_row *f, int64_t at);

/* fair_booth.c */
void fair_invite(struct req *r);
void fair_booth_put(struct req *r);
void fair_booth_decide(struct req *r);
void fair_booth_list(struct req *r);

/* fair_visitor.c */
void fair_register(struct req *r);
void fair_walk_in(struct req *r);
void fair_my_tickets(struct req *r);
void fair_my_ticket_qr(struct req *r);

/* fair_check_in.c */
void fair_check_in(struct req *r);
void fair_check_in_batch(struct req *r);

/* fair_meeting.c */
void fair_meeting(struct req *r);

/* fair_report.c */
void fair_report(struct req *r);

#endif
