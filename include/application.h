/*
 * Applications of job seekers to vacancies: applied → viewed → interview →
 * accepted | rejected, or withdrawn by the seeker.  Accepting records the
 * placement (channel: the app's own vacancies) and ends the AK/I card as
 * placed, in the same transaction.
 */
#ifndef SIDAKERD_APPLICATION_H
#define SIDAKERD_APPLICATION_H

struct req;

void application_apply(struct req *r);
void application_list_own(struct req *r);
void application_withdraw(struct req *r);
void application_list_for_vacancy(struct req *r);
void application_decide(struct req *r);
/* The applicant as the employer sees them, and a document attached to the
 * application: the vacancy's organisation while the application is open,
 * officers always; each read audited. */
void application_get_applicant(struct req *r);
void application_get_document(struct req *r);

/* AKL (same province as the office), AKAD (another province), AKAN (abroad). */
const char *placement_kind(const char *office_kabkota4, const char *location_kind, const char *location_code);

#endif
