-- 0024: the vacancies a job seeker looked at, the last time each, so that
-- online courses can be recommended from what the person looks for and not
-- only from what they applied to.  One row per person and vacancy; rows
-- older than VACANCY_VIEW_KEEP_DAYS go in housekeeping, and the person's
-- rows go when they delete their data.
CREATE TABLE vacancy_view (
	seeker_id INTEGER NOT NULL REFERENCES seeker (id) ON DELETE CASCADE,
	vacancy_id INTEGER NOT NULL REFERENCES vacancy (id) ON DELETE CASCADE,
	viewed_at INTEGER NOT NULL,
	PRIMARY KEY (seeker_id, vacancy_id)
) WITHOUT ROWID;
CREATE INDEX vacancy_view_by_time ON vacancy_view (viewed_at);
