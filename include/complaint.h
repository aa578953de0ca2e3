/* Complaints and suggestions (pengaduan), complaint.c. */
#ifndef SIDAKERD_COMPLAINT_H
#define SIDAKERD_COMPLAINT_H

struct req;

void complaint_create(struct req *r);
void complaint_list_own(struct req *r);
void complaint_get(struct req *r);
void complaint_queue(struct req *r);
void complaint_assign(struct req *r);
void complaint_answer(struct req *r);
void complaint_close(struct req *r);
void complaint_stats(struct req *r);

#endif
