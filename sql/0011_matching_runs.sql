-- 0011: telling job seekers about a published vacancy happens after the
-- publication, in steps.  The publication records a run in its own
-- transaction and answers at once; daemon/matching.c then goes through the
-- opted-in job seekers in id order, a bounded number per writer job (the
-- cursor is after_seeker), so a province's fan-out of thousands of
-- notifications never holds the one writer, and every other request's
-- commit, for its whole length.  A run a stop interrupted continues at the
-- next start.
CREATE TABLE vacancy_matching (
  vacancy_id    INTEGER PRIMARY KEY REFERENCES vacancy(id),
  after_seeker  INTEGER NOT NULL DEFAULT 0,
  notified      INTEGER NOT NULL DEFAULT 0,
  queued_at     INTEGER NOT NULL,
  finished_at   INTEGER
);
CREATE INDEX vacancy_matching_pending ON vacancy_matching(vacancy_id) WHERE finished_at IS NULL;

-- The opted-in in id order, with everything the match reads (the column of
-- the partial index's own condition too: without it SQLite 3.40 reads every
-- row to check it, 246,000 rows at a province's size).
DROP INDEX seeker_matching;
CREATE INDEX seeker_matching ON seeker(id, education_rank, birth_date, gender, preferred_location, preferred_kbji,
  account_id, notify_vacancies) WHERE notify_vacancies = 1;
