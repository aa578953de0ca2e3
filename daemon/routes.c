/*
 * Every route of sidakerd: method, path, handler, who may call it.  This
 * table is the API's table of contents; proto/openapi.yaml must list the
 * same routes with the same roles (tests/spec checks it).
 */
#include "admin.h"
#include "account_page.h"
#include "app_page.h"
#include "application.h"
#include "audit.h"
#include "broadcast.h"
#include "organisation.h"
#include "personal_data.h"
#include "placement.h"
#include "portal_page.h"
#include "profile_claim.h"
#include "push_device.h"
#include "vacancy.h"
#include "auth.h"
#include "card.h"
#include "certificate.h"
#include "complaint.h"
#include "course.h"
#include "dashboard.h"
#include "fair.h"
#include "service_client.h"
#include "stats_feed.h"
#include "vacancy_feed.h"
#include "webhook.h"
#include "document.h"
#include "iku.h"
#include "notification.h"
#include "ipk.h"
#include "seeker.h"
#include "tracer.h"
#include "training.h"
#include "wa_consent.h"
#include "whatsapp.h"
#include "reference.h"
#include "router.h"
#include "accounts.h"
#include "audit_query.h"
#include "card_application.h"
#include "card_import.h"
#include "card_register.h"
#include "dashboard_page.h"
#include "enrolment.h"
#include "training_import.h"
#include "training_participant.h"
#include "training_stats.h"
#include "vacancy_moderation.h"
#include "vacancy_recommendation.h"
#include "vacancy_search.h"

#define JSON ROUTE_JSON_BODY
/* Every POST that creates something or moves a state takes an
 * Idempotency-Key (http.c: the key and the reply commit with the effect).
 * Not the auth routes: their answers carry session tokens, which must not be
 * stored, or spend a one-time token; nor the broadcast preview (it changes
 * nothing) and the WhatsApp webhook (the provider's message ids dedupe). */
#define IDEM ROUTE_IDEMPOTENT
/* An organisation may prepare vacancies and trainings as drafts, submit a
 * vacancy (an officer publishes it only once its organisation is verified)
 * and withdraw what it published at any time; whatever counts in the
 * statistics (opening a training and all that follows, filling a vacancy,
 * accepting an applicant, placements, graduates) needs its verification. */
#define ORG ROUTE_VERIFIED_ORG

const struct route routes[] = {
	{METHOD_GET, "/v1/health", admin_health, ROLES_PUBLIC, 0},
	{METHOD_GET, "/metrics", admin_metrics, ROLES_PUBLIC, 0},
	{METHOD_GET, "/dashboard", dashboard_page_index, ROLES_PUBLIC, 0},
	{METHOD_GET, "/dashboard/{file}", dashboard_page_file, ROLES_PUBLIC, 0},
	{METHOD_GET, "/portal", portal_page_index, ROLES_PUBLIC, 0},
	{METHOD_GET, "/portal/{file}", portal_page_file, ROLES_PUBLIC, 0},
	{METHOD_GET, "/app", app_page_index, ROLES_PUBLIC, 0},
	{METHOD_GET, "/app/{file}", app_page_file, ROLES_PUBLIC, 0},
	{METHOD_GET, "/account/{page}", account_page, ROLES_PUBLIC, 0},
	{METHOD_GET, "/.well-known/assetlinks.json", account_page_assetlinks, ROLES_PUBLIC, 0},
	{METHOD_GET, "/.well-known/apple-app-site-association", account_page_apple_association, ROLES_PUBLIC, 0},
	/* Reference data for the app's and the portals' forms (reference.h). */
	{METHOD_GET, "/v1/reference", reference_get, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/reference/regions", reference_regions, ROLES_PUBLIC, 0},

	{METHOD_POST, "/v1/auth/register", auth_register, ROLES_PUBLIC, JSON | IDEM},
	{METHOD_POST, "/v1/auth/confirm", auth_confirm, ROLES_PUBLIC, JSON},
	{METHOD_POST, "/v1/auth/confirm/resend", auth_resend_confirmation, ROLES_PUBLIC, JSON | IDEM},
	{METHOD_POST, "/v1/auth/login", auth_login, ROLES_PUBLIC, JSON},
	{METHOD_POST, "/v1/auth/logout", auth_logout, ROLES_ANY, 0},
	{METHOD_POST, "/v1/auth/password", auth_change_password, ROLES_ANY, JSON},
	{METHOD_POST, "/v1/auth/password-reset", auth_request_reset, ROLES_PUBLIC, JSON | IDEM},
	{METHOD_POST, "/v1/auth/password-reset/confirm", auth_reset_password, ROLES_PUBLIC, JSON},
	{METHOD_GET, "/v1/me", auth_me, ROLES_ANY, 0},
	{METHOD_GET, "/v1/me/data-export", personal_data_export, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/me/deletion", personal_data_delete, ROLE_SEEKER, JSON | IDEM},

	{METHOD_GET, "/v1/me/profile", seeker_get_profile, ROLE_SEEKER, 0},
	{METHOD_PUT, "/v1/me/profile", seeker_put_profile, ROLE_SEEKER, JSON},
	{METHOD_POST, "/v1/me/documents", document_upload, ROLE_SEEKER, ROUTE_UPLOAD | IDEM},
	{METHOD_GET, "/v1/me/documents", document_list_own, ROLE_SEEKER, 0},
	{METHOD_GET, "/v1/me/documents/{id}", document_get_own, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/me/card-applications", card_application_create, ROLE_SEEKER, JSON | IDEM},
	{METHOD_GET, "/v1/me/card-applications", card_application_list_own, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/me/card-applications/{id}/submit", card_application_submit, ROLE_SEEKER, IDEM},
	{METHOD_GET, "/v1/me/card", card_get_own, ROLE_SEEKER, 0},
	{METHOD_GET, "/v1/me/card/pdf", card_pdf_own, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/me/card/reports", card_report, ROLE_SEEKER, JSON | IDEM},

	{METHOD_GET, "/v1/profile-claims", profile_claim_queue, ROLE_OFFICER, 0},
	{METHOD_POST, "/v1/profile-claims/{id}/decision", profile_claim_decide, ROLE_OFFICER, JSON | IDEM},
	{METHOD_GET, "/v1/card-applications", card_application_queue, ROLE_OFFICER, 0},
	{METHOD_GET, "/v1/card-applications/{id}", card_application_detail, ROLE_OFFICER, 0},
	{METHOD_GET, "/v1/card-applications/{id}/documents/{doc}", card_application_document, ROLE_OFFICER, 0},
	{METHOD_POST, "/v1/card-applications/{id}/revision", card_application_request_revision, ROLE_OFFICER,
         JSON | IDEM},
	{METHOD_POST, "/v1/card-applications/{id}/reject", card_application_reject, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/card-applications/{id}/issue", card_application_issue, ROLE_OFFICER, IDEM},
	{METHOD_GET, "/v1/cards", card_register, ROLES_STAFF, 0},
	{METHOD_GET, "/v1/cards/overdue", card_overdue_list, ROLE_OFFICER, 0},
	{METHOD_GET, "/v1/cards/{id}/pdf", card_pdf_staff, ROLE_OFFICER, 0},
	{METHOD_POST, "/v1/cards/{id}/removal", card_remove, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/card-imports", card_import, ROLE_OFFICER, ROUTE_UPLOAD | IDEM},
	{METHOD_GET, "/v1/verify/cards/{number}", card_verify_public, ROLES_PUBLIC, 0},

	{METHOD_GET, "/v1/me/organisation", organisation_get_own, ROLES_ORGANISATION, 0},
	{METHOD_PUT, "/v1/me/organisation", organisation_put_own, ROLES_ORGANISATION, JSON},
	{METHOD_GET, "/v1/organisations/{id}", organisation_detail, ROLES_STAFF, 0},
	{METHOD_POST, "/v1/organisations/{id}/suspension", organisation_suspend, ROLE_OFFICER, JSON | IDEM},
	{METHOD_DELETE, "/v1/organisations/{id}/suspension", organisation_unsuspend, ROLE_OFFICER, 0},

	{METHOD_GET, "/v1/vacancies", vacancy_search, ROLES_PUBLIC, 0},
	{METHOD_POST, "/v1/vacancies", vacancy_create, ROLE_COMPANY, JSON | IDEM},
	{METHOD_GET, "/v1/vacancies/{id}", vacancy_get, ROLES_PUBLIC, 0},
	{METHOD_PUT, "/v1/vacancies/{id}", vacancy_update, ROLE_COMPANY, JSON},
	{METHOD_GET, "/v1/vacancies/{id}/jsonld", vacancy_jsonld, ROLES_PUBLIC, 0},
	{METHOD_POST, "/v1/vacancies/{id}/submit", vacancy_submit, ROLE_COMPANY, IDEM},
	{METHOD_POST, "/v1/vacancies/{id}/withdraw", vacancy_withdraw, ROLE_COMPANY, IDEM},
	{METHOD_POST, "/v1/vacancies/{id}/filled", vacancy_filled, ROLE_COMPANY, JSON | ORG | IDEM},
	{METHOD_POST, "/v1/vacancies/{id}/moderation", vacancy_moderate, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/vacancies/{id}/reports", vacancy_report, ROLES_ANY, JSON | IDEM},
	{METHOD_POST, "/v1/vacancies/{id}/applications", application_apply, ROLE_SEEKER, JSON | IDEM},
	{METHOD_GET, "/v1/vacancies/{id}/applications", application_list_for_vacancy, ROLE_COMPANY | ROLES_STAFF, ORG},
	{METHOD_GET, "/v1/me/vacancies", vacancy_list_own, ROLE_COMPANY, 0},
	{METHOD_GET, "/v1/me/recommendations", vacancy_recommendations, ROLE_SEEKER, 0},
	{METHOD_GET, "/v1/me/applications", application_list_own, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/applications/{id}/withdraw", application_withdraw, ROLE_SEEKER, IDEM},
	{METHOD_POST, "/v1/applications/{id}/status", application_decide, ROLE_COMPANY, JSON | ORG | IDEM},
	{METHOD_GET, "/v1/applications/{id}", application_get_applicant, ROLE_COMPANY | ROLES_STAFF, ORG},
	{METHOD_GET, "/v1/applications/{id}/documents/{doc}", application_get_document, ROLE_COMPANY | ROLES_STAFF,
         ORG},
	{METHOD_GET, "/v1/moderation/vacancies", vacancy_moderation_queue, ROLE_OFFICER, 0},
	{METHOD_GET, "/v1/vacancy-reports", vacancy_reports_list, ROLE_OFFICER, 0},

	{METHOD_GET, "/v1/trainings", training_search, ROLES_PUBLIC, 0},
	{METHOD_POST, "/v1/trainings", training_create, ROLE_LPK | ROLE_OFFICER, JSON | IDEM},
	{METHOD_GET, "/v1/trainings/{id}", training_get, ROLES_PUBLIC, 0},
	{METHOD_PUT, "/v1/trainings/{id}", training_update, ROLE_LPK | ROLE_OFFICER, JSON},
	{METHOD_POST, "/v1/trainings/{id}/state", training_change_state, ROLE_LPK | ROLE_OFFICER, JSON | ORG | IDEM},
	{METHOD_GET, "/v1/me/trainings", training_list_provider, ROLE_LPK | ROLE_OFFICER, 0},
	{METHOD_GET, "/v1/me/training-recommendations", training_list_fitting, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/trainings/{id}/enrolments", enrolment_apply, ROLE_SEEKER, IDEM},
	{METHOD_GET, "/v1/trainings/{id}/enrolments", enrolment_list_for_training, ROLE_LPK | ROLES_STAFF, 0},
	{METHOD_POST, "/v1/trainings/{id}/participants", training_participant_enrol, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/training-imports", training_import, ROLE_OFFICER, ROUTE_UPLOAD | IDEM},
	{METHOD_POST, "/v1/trainings/{id}/attendance", enrolment_record_attendance, ROLE_LPK | ROLE_OFFICER,
         JSON | ORG | IDEM},
	{METHOD_GET, "/v1/me/enrolments", enrolment_list_own, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/enrolments/{id}/decision", enrolment_decide, ROLE_LPK | ROLE_OFFICER, JSON | ORG | IDEM},
	{METHOD_POST, "/v1/enrolments/{id}/withdraw", enrolment_withdraw, ROLE_SEEKER, IDEM},
	{METHOD_POST, "/v1/enrolments/{id}/result", enrolment_record_result, ROLE_LPK | ROLE_OFFICER,
         JSON | ORG | IDEM},
	{METHOD_POST, "/v1/enrolments/{id}/certificates", certificate_create, ROLE_LPK | ROLE_OFFICER,
         JSON | IDEM | ORG},
	{METHOD_GET, "/v1/me/certificates", certificate_list_own, ROLE_SEEKER, 0},
	{METHOD_GET, "/v1/verify/certificates", certificate_verify_public, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/stats/trainings", training_stats, ROLE_LPK | ROLES_STAFF, 0},

	{METHOD_POST, "/v1/courses", course_create, ROLE_LPK | ROLE_OFFICER, JSON | ORG | IDEM},
	{METHOD_GET, "/v1/courses", course_search, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/courses/{id}", course_get, ROLES_PUBLIC, 0},
	{METHOD_PUT, "/v1/courses/{id}", course_update, ROLE_LPK | ROLE_OFFICER, JSON | ORG},
	{METHOD_POST, "/v1/courses/{id}/state", course_change_state, ROLE_LPK | ROLE_OFFICER, JSON | ORG | IDEM},
	{METHOD_GET, "/v1/me/courses", course_list_provider, ROLE_LPK | ROLE_OFFICER, 0},
	{METHOD_GET, "/v1/courses/{id}/learners", course_learners, ROLE_LPK | ROLES_STAFF, 0},
	{METHOD_POST, "/v1/uploads", video_upload_create, ROLE_LPK | ROLE_OFFICER, ORG},
	{METHOD_GET, "/v1/uploads/{id}", video_upload_offset, ROLE_LPK | ROLE_OFFICER, 0},
	{METHOD_PATCH, "/v1/uploads/{id}", video_upload_chunk, ROLE_LPK | ROLE_OFFICER, ROUTE_CHUNK | ORG},
	{METHOD_POST, "/v1/courses/{id}/lessons/{lesson}/video", lesson_video_attach, ROLE_LPK | ROLE_OFFICER,
         JSON | ORG | IDEM},
	{METHOD_GET, "/v1/lessons/{id}/video", lesson_video_stream, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/me/lessons/{id}/video-url", lesson_video_url, ROLE_SEEKER, 0},
	{METHOD_PUT, "/v1/me/lessons/{id}/progress", course_progress_report, ROLE_SEEKER, JSON},
	{METHOD_POST, "/v1/me/modules/{id}/quiz-attempts", course_quiz_attempt, ROLE_SEEKER, JSON | IDEM},
	{METHOD_GET, "/v1/me/learning", course_learning_own, ROLE_SEEKER, 0},
	{METHOD_GET, "/v1/me/course-recommendations", course_recommendations, ROLE_SEEKER, 0},

	{METHOD_POST, "/v1/placements", placement_report, ROLES_ORGANISATION | ROLE_OFFICER, JSON | IDEM | ORG},
	{METHOD_POST, "/v1/placements/batch", placement_report_batch, ROLES_ORGANISATION | ROLE_OFFICER,
         JSON | IDEM | ORG},
	{METHOD_POST, "/v1/placement-imports", placement_import, ROLES_ORGANISATION | ROLE_OFFICER,
         ROUTE_UPLOAD | IDEM | ORG},
	{METHOD_GET, "/v1/placements", placement_list, ROLES_ORGANISATION | ROLES_STAFF, 0},

	{METHOD_GET, "/v1/job-fairs/ticket-key", fair_ticket_key, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/job-fairs", fair_list, ROLES_PUBLIC, 0},
	{METHOD_POST, "/v1/job-fairs", fair_create, ROLE_OFFICER, JSON | IDEM},
	{METHOD_GET, "/v1/job-fairs/{id}", fair_get, ROLES_PUBLIC, 0},
	{METHOD_PUT, "/v1/job-fairs/{id}", fair_update, ROLE_OFFICER, JSON},
	{METHOD_POST, "/v1/job-fairs/{id}/state", fair_state, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/job-fairs/{id}/invitations", fair_invite, ROLE_OFFICER, JSON | IDEM},
	{METHOD_PUT, "/v1/job-fairs/{id}/booth", fair_booth_put, ROLE_COMPANY, JSON | ORG},
	{METHOD_GET, "/v1/job-fairs/{id}/booths", fair_booth_list, ROLE_COMPANY | ROLES_STAFF, 0},
	{METHOD_POST, "/v1/job-fairs/{id}/booths/{booth}/decision", fair_booth_decide, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/job-fairs/{id}/tickets", fair_register, ROLE_SEEKER, IDEM},
	{METHOD_POST, "/v1/job-fairs/{id}/walk-ins", fair_walk_in, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/job-fairs/{id}/check-ins", fair_check_in, ROLE_OFFICER | ROLE_COMPANY, JSON | IDEM | ORG},
	{METHOD_POST, "/v1/job-fairs/{id}/check-ins/batch", fair_check_in_batch, ROLE_OFFICER | ROLE_COMPANY,
         JSON | IDEM | ORG | ROUTE_BATCH},
	{METHOD_POST, "/v1/job-fairs/{id}/meetings", fair_meeting, ROLE_COMPANY, JSON | IDEM | ORG},
	{METHOD_GET, "/v1/job-fairs/{id}/report", fair_report, ROLES_STAFF, 0},
	{METHOD_GET, "/v1/me/fair-tickets", fair_my_tickets, ROLE_SEEKER, 0},
	{METHOD_GET, "/v1/me/fair-tickets/{id}/qr", fair_my_ticket_qr, ROLE_SEEKER, 0},

	{METHOD_POST, "/v1/oauth/token", oauth_token, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/feed/statistics", stats_feed_months_list, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/feed/statistics/{month}", stats_feed_month, ROLES_PUBLIC, 0},
	{METHOD_GET, "/v1/feed/vacancies", vacancy_feed, ROLES_PUBLIC, 0},
	{METHOD_POST, "/v1/admin/service-clients", service_client_create, ROLE_ADMIN, JSON | IDEM},
	{METHOD_GET, "/v1/admin/service-clients", service_client_list, ROLE_ADMIN, 0},
	{METHOD_POST, "/v1/admin/service-clients/{id}/rotation", service_client_rotate_secret, ROLE_ADMIN, IDEM},
	{METHOD_POST, "/v1/admin/service-clients/{id}/revocation", service_client_revoke_route, ROLE_ADMIN, IDEM},
	{METHOD_POST, "/v1/admin/webhooks", webhook_create, ROLE_ADMIN, JSON | IDEM},
	{METHOD_GET, "/v1/admin/webhooks", webhook_list, ROLE_ADMIN, 0},
	{METHOD_POST, "/v1/admin/webhooks/{id}/rotation", webhook_rotate, ROLE_ADMIN, IDEM},
	{METHOD_POST, "/v1/admin/webhooks/{id}/revocation", webhook_revoke, ROLE_ADMIN, IDEM},
	{METHOD_GET, "/v1/admin/webhooks/{id}/deliveries", webhook_deliveries, ROLE_ADMIN, 0},

	{METHOD_GET, "/v1/statistics/ipk", ipk_get, ROLES_STAFF, 0},
	{METHOD_POST, "/v1/statistics/ipk/closures", ipk_close, ROLE_OFFICER, JSON | IDEM},
	{METHOD_GET, "/v1/statistics/iku", iku_get, ROLES_STAFF, 0},
	{METHOD_PUT, "/v1/statistics/iku/targets/{year}", iku_set_targets, ROLE_OFFICER, JSON},
	{METHOD_GET, "/v1/statistics/dashboard", dashboard_get, ROLES_STAFF, 0},

	{METHOD_POST, "/v1/complaints", complaint_create, ROLE_SEEKER | ROLES_ORGANISATION, JSON | IDEM},
	{METHOD_GET, "/v1/complaints", complaint_queue, ROLES_STAFF, 0},
	{METHOD_GET, "/v1/me/complaints", complaint_list_own, ROLE_SEEKER | ROLES_ORGANISATION, 0},
	{METHOD_GET, "/v1/complaints/{id}", complaint_get, ROLES_ANY, 0},
	{METHOD_POST, "/v1/complaints/{id}/assignment", complaint_assign, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/complaints/{id}/answer", complaint_answer, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/complaints/{id}/close", complaint_close, ROLE_SEEKER | ROLES_ORGANISATION | ROLE_OFFICER,
         IDEM},
	{METHOD_GET, "/v1/stats/complaints", complaint_stats, ROLES_STAFF, 0},

	{METHOD_GET, "/v1/me/notifications", notification_inbox, ROLE_SEEKER | ROLES_ORGANISATION, 0},
	{METHOD_POST, "/v1/me/devices", push_device_register, ROLE_SEEKER | ROLES_ORGANISATION, JSON | IDEM},
	{METHOD_GET, "/v1/me/devices", push_device_list, ROLE_SEEKER | ROLES_ORGANISATION, 0},
	{METHOD_DELETE, "/v1/me/devices/{id}", push_device_remove, ROLE_SEEKER | ROLES_ORGANISATION, 0},
	{METHOD_POST, "/v1/me/notifications/read", notification_mark_all_read, ROLE_SEEKER | ROLES_ORGANISATION,
         JSON | IDEM},
	{METHOD_POST, "/v1/me/notifications/{id}/read", notification_mark_read, ROLE_SEEKER | ROLES_ORGANISATION, IDEM},
	{METHOD_GET, "/v1/me/notification-preferences", notification_preferences_get, ROLE_SEEKER | ROLES_ORGANISATION,
         0},
	{METHOD_PUT, "/v1/me/notification-preferences", notification_preferences_put, ROLE_SEEKER | ROLES_ORGANISATION,
         JSON},
	{METHOD_GET, "/v1/whatsapp/consent-wording", wa_consent_wording_get, ROLES_PUBLIC, 0},
	{METHOD_PUT, "/v1/me/whatsapp-consent", wa_consent_give, ROLE_SEEKER | ROLES_ORGANISATION, JSON},
	{METHOD_DELETE, "/v1/me/whatsapp-consent", wa_consent_withdraw, ROLE_SEEKER | ROLES_ORGANISATION, 0},
	{METHOD_POST, "/v1/whatsapp/templates", broadcast_template_create, ROLE_OFFICER, JSON | IDEM},
	{METHOD_GET, "/v1/whatsapp/templates", broadcast_template_list, ROLES_STAFF, 0},
	{METHOD_POST, "/v1/whatsapp/templates/{id}/decision", broadcast_template_decide, ROLE_ADMIN, JSON | IDEM},
	{METHOD_POST, "/v1/whatsapp/broadcasts/preview", broadcast_preview, ROLE_OFFICER, JSON},
	{METHOD_POST, "/v1/whatsapp/broadcasts", broadcast_send, ROLE_OFFICER, JSON | IDEM},
	{METHOD_GET, "/v1/whatsapp/broadcasts", broadcast_list, ROLES_STAFF, 0},
	{METHOD_GET, "/v1/whatsapp/broadcasts/{id}", broadcast_get, ROLES_STAFF, 0},
	{METHOD_GET, "/v1/whatsapp/webhook", whatsapp_webhook_verify, ROLES_PUBLIC, 0},
	{METHOD_POST, "/v1/whatsapp/webhook", whatsapp_webhook, ROLES_PUBLIC, 0},

	{METHOD_POST, "/v1/bkk/graduates", tracer_report_graduates, ROLE_BKK, JSON | IDEM | ORG},
	{METHOD_GET, "/v1/me/tracer-surveys", tracer_list_own, ROLE_SEEKER, 0},
	{METHOD_POST, "/v1/me/tracer-surveys/{id}", tracer_answer, ROLE_SEEKER, JSON | IDEM},
	{METHOD_GET, "/v1/tracer/cohorts", tracer_cohorts, ROLE_LPK | ROLE_BKK | ROLES_STAFF, 0},

	{METHOD_GET, "/v1/organisations", accounts_list_organisations, ROLES_STAFF, 0},
	{METHOD_POST, "/v1/organisations/{id}/verification", accounts_verify_organisation, ROLE_OFFICER, JSON | IDEM},
	{METHOD_POST, "/v1/admin/officers", accounts_create_officer, ROLE_ADMIN, JSON | IDEM},
	{METHOD_POST, "/v1/admin/backup", admin_backup, ROLE_ADMIN, IDEM},
	{METHOD_GET, "/v1/admin/audit", audit_list, ROLE_ADMIN, 0},
	{METHOD_GET, "/v1/admin/outbox", admin_outbox_list, ROLE_ADMIN, 0},
	{METHOD_POST, "/v1/admin/outbox/{id}/retry", admin_outbox_retry, ROLE_ADMIN, IDEM},
};

const size_t routes_count = sizeof routes / sizeof routes[0];
