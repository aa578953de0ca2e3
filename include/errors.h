/*
 * The error catalogue: every error a client can get, with its HTTP status,
 * its stable code and its message in Indonesian (default) and English.
 * Replies carry {"error":{"code":…,"message":…,"field":…}}.
 */
#ifndef SIDAKERD_ERRORS_H
#define SIDAKERD_ERRORS_H

/* One error a line, however long: it reads as a table. */
/* clang-format off */
#define ERROR_LIST(X) \
	X(ERR_JSON_INVALID, 400, "json_invalid", "Badan permintaan bukan JSON yang sah.", "The request body is not valid JSON.") \
	X(ERR_BODY_NOT_OBJECT, 400, "body_not_object", "Badan permintaan harus berupa objek JSON.", "The request body must be a JSON object.") \
	X(ERR_BODY_REQUIRED, 400, "body_required", "Permintaan ini memerlukan badan JSON.", "This request needs a JSON body.") \
	X(ERR_FIELD_UNKNOWN, 400, "field_unknown", "Kolom ini tidak dikenal.", "This field is not known.") \
	X(ERR_FIELD_MISSING, 400, "field_missing", "Kolom ini wajib diisi.", "This field is required.") \
	X(ERR_FIELD_TYPE, 400, "field_type", "Jenis nilai kolom ini salah.", "This field has the wrong type.") \
	X(ERR_FIELD_TOO_LONG, 400, "field_too_long", "Isi kolom ini terlalu panjang.", "This field is too long.") \
	X(ERR_FIELD_INVALID, 422, "field_invalid", "Isi kolom ini tidak sah.", "This field has an invalid value.") \
	X(ERR_QUERY_INVALID, 400, "query_invalid", "Parameter kueri tidak sah.", "A query parameter is invalid.") \
	X(ERR_BODY_TOO_LARGE, 413, "body_too_large", "Badan permintaan terlalu besar.", "The request body is too large.") \
	X(ERR_MEDIA_TYPE, 415, "unsupported_media_type", "Gunakan Content-Type: application/json.", "Use Content-Type: application/json.") \
	X(ERR_EMAIL_INVALID, 422, "email_invalid", "Alamat e-mail tidak sah.", "The e-mail address is not valid.") \
	X(ERR_PASSWORD_WEAK, 422, "password_invalid", "Kata sandi harus 8 sampai 128 karakter.", "The password must be 8 to 128 characters.") \
	X(ERR_NIK_INVALID, 422, "nik_invalid", "NIK harus terdiri dari 16 digit angka.", "The NIK must be exactly 16 digits.") \
	X(ERR_ROLE_INVALID, 422, "role_invalid", "Peran ini tidak dapat mendaftar sendiri.", "This role cannot self-register.") \
	X(ERR_EMAIL_TAKEN, 409, "email_taken", "E-mail ini sudah terdaftar.", "This e-mail is already registered.") \
	X(ERR_NIK_TAKEN, 409, "nik_taken", "NIK ini sudah terdaftar. Bila ini NIK Anda, masuk dengan NIK Anda atau pulihkan kata sandi; bila bukan, hubungi kantor Disnaker.", "This NIK is already registered. If it is yours, log in with it or recover your password; if not, contact the Disnaker office.") \
	X(ERR_TOKEN_INVALID, 400, "token_invalid", "Token tidak sah atau sudah dipakai.", "The token is invalid or already used.") \
	X(ERR_TOKEN_EXPIRED, 400, "token_expired", "Token sudah kedaluwarsa.", "The token has expired.") \
	X(ERR_CREDENTIALS, 401, "invalid_credentials", "E-mail/NIK atau kata sandi salah.", "Wrong e-mail/NIK or password.") \
	X(ERR_PASSWORD_WRONG, 403, "password_wrong", "Kata sandi saat ini salah.", "The current password is wrong.") \
	X(ERR_UNCONFIRMED, 403, "email_unconfirmed", "Konfirmasikan e-mail Anda terlebih dahulu.", "Confirm your e-mail first.") \
	X(ERR_DISABLED, 403, "account_disabled", "Akun ini dinonaktifkan.", "This account is disabled.") \
	X(ERR_UNAUTHENTICATED, 401, "unauthenticated", "Silakan masuk terlebih dahulu.", "Please sign in first.") \
	X(ERR_FORBIDDEN, 403, "forbidden", "Anda tidak berwenang untuk permintaan ini.", "You are not allowed to do this.") \
	X(ERR_ORG_NOT_VERIFIED, 403, "organisation_not_verified", "Organisasi Anda belum diverifikasi petugas Disnaker.", "Your organisation has not been verified by the office yet.") \
	X(ERR_ORG_REJECTED, 403, "organisation_rejected", "Verifikasi organisasi Anda ditolak; lihat catatan petugas dan perbaiki profil.", "Your organisation's verification was refused; see the officer's note and correct the profile.") \
	X(ERR_ORG_SUSPENDED, 403, "organisation_suspended", "Organisasi Anda sedang ditangguhkan oleh Disnaker.", "Your organisation is suspended by the office.") \
	X(ERR_NOT_FOUND, 404, "not_found", "Data tidak ditemukan.", "Not found.") \
	X(ERR_PERSON_DELETED, 410, "person_deleted", "Data orang ini sudah dihapus atas permintaannya.", "This person's data was deleted at their request.") \
	X(ERR_ROUTE_NOT_FOUND, 404, "route_not_found", "Alamat tidak dikenal.", "No such route.") \
	X(ERR_METHOD, 405, "method_not_allowed", "Metode tidak diizinkan untuk alamat ini.", "Method not allowed on this route.") \
	X(ERR_DATA_CONFLICT, 409, "data_conflict", "Data ini bertentangan dengan data yang sudah tersimpan.", "This conflicts with data already stored.") \
	X(ERR_STATE, 409, "state_conflict", "Keadaan data tidak mengizinkan tindakan ini.", "The record's state does not allow this.") \
	X(ERR_NOT_ORGANISATION, 409, "not_an_organisation", "Akun ini bukan akun organisasi.", "This account is not an organisation.") \
	X(ERR_DATE_INVALID, 422, "date_invalid", "Tanggal tidak sah (format YYYY-MM-DD).", "The date is not valid (YYYY-MM-DD).") \
	X(ERR_DATE_IN_PAST, 422, "date_in_past", "Tanggal ini sudah lewat: pendaftaran pelatihan baru ditutup hari ini atau sesudahnya.", "This date is in the past: a new training's registration closes today or later.") \
	X(ERR_DATE_ORDER, 422, "date_order", "Urutan tanggal salah: pendaftaran dibuka, ditutup, pelatihan mulai, lalu selesai.", "The dates are out of order: registration opens, closes, the training starts, then ends.") \
	X(ERR_DATE_TOO_FAR, 422, "date_too_far", "Tanggal ini terlalu jauh ke depan (paling lama dua tahun).", "This date is too far ahead (two years at most).") \
	X(ERR_PHONE_INVALID, 422, "phone_invalid", "Nomor telepon tidak sah.", "The phone number is not valid.") \
	X(ERR_REGION_INVALID, 422, "region_invalid", "Kode wilayah tidak dikenal atau di luar kabupaten/kota ini.", "Unknown region code, or outside this kabupaten/kota.") \
	X(ERR_CLAIM_PENDING, 409, "profile_claim_pending", "Data Anda di register kantor Disnaker sedang diperiksa petugas; profil dapat diisi setelah petugas menautkannya ke akun Anda.", "Your record in the Disnaker office's register is being checked by an officer; the profile can be completed once it is linked to your account.") \
	X(ERR_PROFILE_MISSING, 409, "profile_missing", "Lengkapi profil pencari kerja terlebih dahulu.", "Complete the job-seeker profile first.") \
	X(ERR_DOCUMENTS_MISSING, 409, "documents_missing", "Dokumen wajib belum diunggah.", "A required document has not been uploaded.") \
	X(ERR_TOO_YOUNG, 422, "too_young", "Usia belum memenuhi syarat pencari kerja.", "Below the minimum age for job seekers.") \
	X(ERR_APPLICATION_OPEN, 409, "application_open", "Masih ada permohonan kartu yang sedang diproses.", "Another card application is still open.") \
	X(ERR_CARD_ACTIVE, 409, "card_active", "Anda masih memiliki kartu AK/I yang berlaku.", "You still hold a valid AK/I card.") \
	X(ERR_MONTH_NOT_OVER, 422, "month_not_over", "Bulan ini belum selesai: hanya bulan yang sudah lewat yang dapat ditutup.", "This month has not ended: only months that are over can be closed.") \
	X(ERR_MONTH_INVALID, 422, "month_invalid", "Bulan tidak sah (format YYYY-MM, tahun 2000 atau sesudahnya).", "The month is not valid (YYYY-MM, the year 2000 or later).") \
	X(ERR_NO_CARD, 404, "no_card", "Belum ada kartu AK/I.", "There is no AK/I card.") \
	X(ERR_CARD_ENDED, 409, "card_ended", "Kartu AK/I Anda sudah tidak berlaku (ditempatkan, habis masa berlaku, atau dihapus): tidak ada yang perlu dilaporkan. Ajukan kartu baru bila Anda mencari kerja lagi.", "Your AK/I card is no longer valid (placed, expired or removed): there is nothing to report. Apply for a new card if you are looking for work again.") \
	X(ERR_REPORT_NOT_DUE, 409, "report_not_due", "Belum ada laporan yang jatuh tempo.", "No report is due yet.") \
	X(ERR_FILE_EMPTY, 400, "file_empty", "Berkas kosong.", "The file is empty.") \
	X(ERR_FILE_TOO_LARGE, 413, "file_too_large", "Berkas terlalu besar.", "The file is too large.") \
	X(ERR_FILE_TYPE, 415, "file_type", "Jenis berkas tidak diterima (JPEG, PNG atau PDF).", "File type not accepted (JPEG, PNG or PDF).") \
	X(ERR_FILE_CORRUPT, 422, "file_corrupt", "Berkas rusak atau tidak lengkap.", "The file is damaged or incomplete.") \
	X(ERR_FILE_ACTIVE, 422, "file_active_content", "PDF berisi skrip atau lampiran; unggah PDF biasa.", "The PDF has scripts or attachments; upload a plain PDF.") \
	X(ERR_PHOTO_SMALL, 422, "photo_too_small", "Resolusi foto terlalu kecil (minimal 300x400 piksel).", "The photo resolution is too low (at least 300x400 pixels).") \
	X(ERR_PHOTO_ASPECT, 422, "photo_not_3x4", "Foto harus berukuran 3x4 (tegak).", "The photo must be 3x4 (portrait).") \
	X(ERR_IMPORT_INVALID, 422, "import_invalid", "Berkas impor berisi baris yang salah; tidak ada yang disimpan.", "The import file has invalid rows; nothing was saved.") \
	X(ERR_CARD_NUMBER_TAKEN, 409, "card_number_taken", "Nomor kartu sudah dipakai orang lain.", "The card number belongs to someone else.") \
	X(ERR_ORG_NOT_PUBLIC, 409, "organisation_unverified", "Organisasi belum diverifikasi atau sedang ditangguhkan.", "The organisation is not verified or is suspended.") \
	X(ERR_ALREADY_REPORTED, 409, "already_reported", "Anda sudah melaporkan lowongan ini.", "You have already reported this vacancy.") \
	X(ERR_ALREADY_APPLIED, 409, "already_applied", "Anda sudah melamar lowongan ini.", "You have already applied for this vacancy.") \
	X(ERR_CARD_REQUIRED, 409, "card_required", "Diperlukan kartu AK/I yang berlaku untuk melamar.", "A valid AK/I card is needed to apply.") \
	X(ERR_VACANCY_CLOSED, 409, "vacancy_closed", "Lowongan ini sudah tidak dibuka.", "This vacancy is no longer open.") \
	X(ERR_TRAINING_DATES, 409, "training_dates", "Belum waktunya: pelatihan dimulai pada tanggal mulai dan selesai pada tanggal akhir.", "Not yet: a training runs from its start date and finishes on its end date.") \
	X(ERR_REGISTRATION_CLOSED, 409, "registration_closed", "Pendaftaran pelatihan ini tidak sedang dibuka.", "Registration for this training is not open.") \
	X(ERR_NOT_ELIGIBLE, 409, "not_eligible", "Profil Anda tidak memenuhi syarat pelatihan ini.", "Your profile does not meet this training's requirements.") \
	X(ERR_ALREADY_ENROLLED, 409, "already_enrolled", "Anda sudah mendaftar pelatihan ini.", "You have already enrolled in this training.") \
	X(ERR_QUOTA_FULL, 409, "quota_full", "Kuota pelatihan sudah penuh; masukkan ke daftar tunggu.", "The training is full; put the person on the waitlist.") \
	X(ERR_NOT_ENROLLED, 409, "not_enrolled", "Orang ini tidak terdaftar sebagai peserta pelatihan ini.", "This person is not a participant of this training.") \
	X(ERR_ATTENDANCE_SHORT, 409, "attendance_short", "Kehadiran di bawah batas minimal untuk dinyatakan lulus.", "Attendance is below the minimum for completion.") \
	X(ERR_NOT_COMPETENT, 409, "not_competent", "Sertifikat hanya untuk peserta yang lulus (BNSP: yang kompeten).", "Certificates are for participants who completed (BNSP: who were found competent).") \
	X(ERR_PERSON_DATA_NEEDED, 422, "person_data_needed", "NIK ini belum dikenal: lengkapi data diri peserta (nama, tempat lahir, alamat, kecamatan, kelurahan, pendidikan).", "This NIK is not known yet: give the participant's personal data (name, birth place, address, kecamatan, kelurahan, education).") \
	X(ERR_NOT_OFFICE_TRAINING, 409, "not_office_training", "Petugas hanya mendaftarkan peserta pada pelatihan yang diselenggarakan kantor.", "Officers enrol participants only in trainings the office runs.") \
	X(ERR_TRAINING_ROWS_DIFFER, 422, "training_rows_differ", "Baris-baris dengan kode pelatihan yang sama berbeda isinya (judul, kejuruan, penyelenggara, dana atau tanggal).", "Rows with the same training reference differ (title, vocation, provider, funding or dates).") \
	X(ERR_TRAINING_REF_TAKEN, 409, "training_ref_taken", "Kode pelatihan ini sudah dipakai pelatihan lain dengan isi berbeda.", "This training reference already belongs to a training with other details.") \
	X(ERR_DUPLICATE_ROW, 422, "duplicate_row", "Orang yang sama tercantum dua kali untuk pelatihan yang sama.", "The same person is listed twice for the same training.") \
	X(ERR_DATE_IN_FUTURE, 422, "date_in_future", "Tanggal ini belum tiba: riwayat hanya memuat pelatihan yang sudah selesai.", "This date has not come yet: the history holds only trainings that have ended.") \
	X(ERR_CERTIFICATE_TAKEN, 409, "certificate_number_taken", "Nomor sertifikat sudah terdaftar.", "The certificate number is already registered.") \
	X(ERR_BKK_ABROAD, 422, "bkk_abroad", "BKK tidak boleh melaporkan penempatan ke luar negeri.", "A BKK may not report a placement abroad.") \
	X(ERR_WORDING_CHANGED, 409, "consent_wording_changed", "Teks persetujuan sudah berubah. Baca dan setujui teks yang berlaku.", "The consent wording has changed. Read and agree to the current wording.") \
	X(ERR_TEMPLATE_TAKEN, 409, "template_name_taken", "Nama templat sudah dipakai.", "The template name is already taken.") \
	X(ERR_TEMPLATE_NOT_APPROVED, 409, "template_not_approved", "Templat pesan belum disetujui.", "The message template is not approved.") \
	X(ERR_VACANCY_NOT_PUBLIC, 409, "vacancy_not_public", "Hanya lowongan terverifikasi yang sedang tayang yang boleh disiarkan.", "Only a published vacancy of a verified organisation may be broadcast.") \
	X(ERR_SIGNATURE, 401, "signature_invalid", "Tanda tangan permintaan tidak sah.", "The request signature is invalid.") \
	X(ERR_ALREADY_ANSWERED, 409, "already_answered", "Survei ini sudah dijawab.", "This survey has already been answered.") \
	X(ERR_VIDEO_INVALID, 422, "video_invalid", "Berkas bukan video MP4 atau WebM yang utuh (durasi dan ukuran gambar tidak terbaca).", "The file is not a whole MP4 or WebM video (its duration and picture size cannot be read).") \
	X(ERR_UPLOAD_OFFSET, 409, "upload_offset_mismatch", "Posisi unggahan tidak cocok; tanyakan posisi terakhir lalu lanjutkan dari sana.", "The upload offset does not match; ask for the current offset and resume from there.") \
	X(ERR_UPLOAD_INCOMPLETE, 409, "upload_incomplete", "Unggahan video belum selesai.", "The video upload is not complete.") \
	X(ERR_UPLOAD_USED, 409, "upload_used", "Unggahan ini sudah dipakai untuk pelajaran lain.", "This upload is already used by another lesson.") \
	X(ERR_COURSE_INCOMPLETE, 409, "course_incomplete", "Setiap pelajaran perlu video dan setiap modul perlu kuis sebelum kursus diterbitkan.", "Every lesson needs a video and every module a quiz before the course is published.") \
	X(ERR_COURSE_CLOSED, 409, "course_not_published", "Kursus ini tidak sedang diterbitkan.", "This course is not published.") \
	X(ERR_FAIR_DATE_ORDER, 422, "fair_date_order", "Urutan tanggal salah: pendaftaran dibuka sebelum ditutup, ditutup paling lambat hari terakhir bursa kerja, dan bursa selesai pada atau sesudah hari mulainya.", "The dates are out of order: registration opens before it closes, closes by the fair's last day, and the fair ends on or after its first day.") \
	X(ERR_TIME_INVALID, 422, "time_invalid", "Jam tidak sah (format JJ:MM, pintu dibuka sebelum ditutup).", "The time is not valid (HH:MM, the doors open before they close).") \
	X(ERR_FAIR_REGISTRATION_CLOSED, 409, "fair_registration_closed", "Pendaftaran bursa kerja ini belum dibuka atau sudah ditutup.", "Registration for this job fair is not open.") \
	X(ERR_FAIR_FULL, 409, "fair_full", "Kapasitas pengunjung bursa kerja ini sudah penuh.", "This job fair has no places left for visitors.") \
	X(ERR_FAIR_REGISTERED, 409, "fair_already_registered", "Anda sudah terdaftar di bursa kerja ini; tiket Anda ada di aplikasi.", "You are already registered for this job fair; your ticket is in the app.") \
	X(ERR_TICKET_INVALID, 422, "ticket_invalid", "Tiket tidak sah: tanda tangan Disnaker tidak cocok (tiket palsu atau diubah).", "The ticket is not valid: the office's signature does not match (forged or altered).") \
	X(ERR_TICKET_OTHER_FAIR, 422, "ticket_other_fair", "Tiket ini untuk bursa kerja lain.", "This ticket is for another job fair.") \
	X(ERR_FAIR_CHECK_IN_CLOSED, 409, "fair_check_in_closed", "Check-in hanya pada hari bursa kerja, dari satu jam sebelum pintu dibuka sampai pintu ditutup.", "Check-in is only on the fair's days, from an hour before the doors open until they close.") \
	X(ERR_FAIR_NOT_PUBLISHED, 409, "fair_not_published", "Bursa kerja ini tidak sedang diumumkan.", "This job fair is not published.") \
	X(ERR_BOOTH_NOT_ACCEPTED, 403, "booth_not_accepted", "Perusahaan Anda tidak mempunyai stan yang diterima di bursa kerja ini.", "Your company has no accepted booth at this job fair.") \
	X(ERR_BOOTH_REFUSED, 409, "booth_refused", "Permohonan stan perusahaan Anda di bursa kerja ini sudah ditolak.", "Your company's booth at this job fair was refused.") \
	X(ERR_VACANCY_NOT_AT_BOOTH, 422, "vacancy_not_at_booth", "Lowongan ini tidak dibawa ke stan Anda di bursa kerja ini.", "This vacancy is not at your booth at this job fair.") \
	X(ERR_VACANCY_NOT_YOURS, 422, "vacancy_not_yours", "Hanya lowongan perusahaan Anda sendiri yang tayang atau sedang diperiksa yang dapat dibawa ke stan.", "Only your own vacancies, published or in moderation, can be brought to the booth.") \
	X(ERR_TICKET_NOT_CHECKED_IN, 409, "ticket_not_checked_in", "Pengunjung ini belum check-in di pintu masuk bursa kerja.", "This visitor has not checked in at the fair's door.") \
	X(ERR_ALREADY_APPLIED_HERE, 409, "visitor_already_applied", "Orang ini sudah melamar lowongan ini.", "This person has already applied to this vacancy.") \
	X(ERR_SCOPE, 403, "insufficient_scope", "Klien layanan ini tidak diberi izin (scope) untuk data ini.", "This service client was not granted the scope for this data.") \
	X(ERR_MONTH_NOT_CLOSED, 409, "month_not_closed", "Bulan ini belum ditutup: angkanya masih bisa berubah.", "This month is not closed: its figures may still change.") \
	X(ERR_SERVICE_CLIENT_REVOKED, 409, "service_client_revoked", "Klien layanan ini sudah dicabut.", "This service client has been revoked.") \
	X(ERR_RANGE, 416, "range_not_satisfiable", "Rentang yang diminta di luar ukuran berkas.", "The requested range lies outside the file.") \
	X(ERR_IDEM_KEY_INVALID, 400, "idempotency_key_invalid", "Idempotency-Key harus 1-128 karakter ASCII.", "Idempotency-Key must be 1-128 ASCII characters.") \
	X(ERR_IDEM_KEY_REUSED, 422, "idempotency_key_reused", "Idempotency-Key ini sudah dipakai untuk permintaan lain.", "This Idempotency-Key was used for a different request.") \
	X(ERR_IDEM_IN_PROGRESS, 409, "idempotency_in_progress", "Permintaan dengan Idempotency-Key ini sedang diproses.", "A request with this Idempotency-Key is in progress.") \
	X(ERR_IDEM_DONE_NO_REPLY, 409, "idempotency_done_without_reply", "Permintaan dengan Idempotency-Key ini sudah dijalankan, tetapi jawabannya tidak tersimpan; muat ulang datanya.", "The request with this Idempotency-Key was carried out, but its answer was not kept; reload the data.") \
	X(ERR_RATE_LIMITED, 429, "too_many_attempts", "Terlalu banyak percobaan. Coba lagi nanti.", "Too many attempts. Try again later.") \
	X(ERR_BUSY, 503, "busy", "Server sedang sibuk. Coba lagi sebentar.", "The server is busy. Try again shortly.") \
	X(ERR_SHUTTING_DOWN, 503, "shutting_down", "Server sedang berhenti. Coba lagi sebentar.", "The server is shutting down. Try again shortly.") \
	X(ERR_STORE, 503, "store_unavailable", "Penyimpanan data sedang tidak tersedia.", "The data store is unavailable.")
/* clang-format on */

enum err {
#define X(id, status, code, id_msg, en_msg) id,
	ERROR_LIST(X)
#undef X
		ERR_COUNT
};

int error_status(enum err e);
const char *error_code(enum err e);
const char *error_message(enum err e, int english);
/* The message of an error by its code ("nik_invalid"), or NULL. */
const char *error_message_of_code(const char *code, int english);

#endif
