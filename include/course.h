/* E-SkillUp courses: writing, publishing and browsing them (daemon/course.c). */
#ifndef SIDAKERD_COURSE_H
#define SIDAKERD_COURSE_H

#include <stdint.h>

struct req;

/* Staff, or the LPK or officer who wrote it. */
int course_managed_by(const struct req *r, int64_t provider_id);

void course_create(struct req *r);
void course_update(struct req *r);
void course_get(struct req *r);
void course_search(struct req *r);
void course_list_provider(struct req *r);
void course_change_state(struct req *r);
void course_learners(struct req *r);

/* daemon/course_video.c: resumable uploads (tus 1.0), a lesson's video, streaming. */
void video_upload_create(struct req *r);
void video_upload_offset(struct req *r);
void video_upload_chunk(struct req *r);
void lesson_video_attach(struct req *r);
void lesson_video_stream(struct req *r);
void lesson_video_url(struct req *r);

/* daemon/course_learning.c: progress, quizzes, completion. */
void course_progress_report(struct req *r);
void course_quiz_attempt(struct req *r);
void course_learning_own(struct req *r);

/* daemon/course_recommendation.c */
void course_recommendations(struct req *r);

#endif
