/* Tracer study of training and BKK alumni (tracer.c). */
#ifndef SIDAKERD_TRACER_H
#define SIDAKERD_TRACER_H

#include <stdint.h>

struct req;

void tracer_report_graduates(struct req *r);
void tracer_list_own(struct req *r);
void tracer_answer(struct req *r);
void tracer_cohorts(struct req *r);

#endif
