-- 0025: job fairs (bursa kerja).  The office holds a fair on one or more
-- days; companies take booths and bring vacancies; job seekers register for
-- a ticket (a card is not needed to visit) whose QR the door scans; at a
-- booth a company records whom it met for which vacancy, an application
-- with the fair as its source, and accepting it records a placement through
-- the channel job_fair with the fair's id.
CREATE TABLE job_fair (
  id                     INTEGER PRIMARY KEY,
  state                  TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','published','cancelled')),
  name                   TEXT NOT NULL,
  description            TEXT NOT NULL,
  venue_kind             TEXT NOT NULL CHECK (venue_kind IN ('venue','online')),
  venue                  TEXT,               -- the place, for a fair held somewhere
  kecamatan_code         TEXT REFERENCES region(code),
  online_url             TEXT,               -- the link, for a fair held online
  start_date             TEXT NOT NULL,
  end_date               TEXT NOT NULL,
  opens_at               TEXT NOT NULL,      -- each day's doors, HH:MM office time
  closes_at              TEXT NOT NULL,
  registration_opens     TEXT NOT NULL,
  registration_closes    TEXT NOT NULL,
  capacity               INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 100000),
  created_by             INTEGER NOT NULL REFERENCES account(id),
  created_at             INTEGER NOT NULL,
  updated_at             INTEGER NOT NULL,
  published_at           INTEGER,
  CHECK (start_date <= end_date AND opens_at < closes_at),
  CHECK (registration_opens <= registration_closes AND registration_closes <= end_date)
);
CREATE INDEX job_fair_dates ON job_fair(start_date, id);

-- A company at a fair: invited by the office, or asking for a booth; the
-- office accepts or refuses.  One booth per company and fair.
CREATE TABLE job_fair_booth (
  id               INTEGER PRIMARY KEY,
  fair_id          INTEGER NOT NULL REFERENCES job_fair(id),
  organisation_id  INTEGER NOT NULL REFERENCES account(id),
  state            TEXT NOT NULL CHECK (state IN ('invited','requested','accepted','refused')),
  created_at       INTEGER NOT NULL,
  decided_at       INTEGER,
  decided_by       INTEGER REFERENCES account(id),
  UNIQUE (fair_id, organisation_id)
);
CREATE INDEX job_fair_booth_org ON job_fair_booth(organisation_id);

-- The vacancies a booth brings: the company's own, published or still in
-- moderation (shown at the fair once published).
CREATE TABLE job_fair_vacancy (
  booth_id    INTEGER NOT NULL REFERENCES job_fair_booth(id) ON DELETE CASCADE,
  vacancy_id  INTEGER NOT NULL REFERENCES vacancy(id),
  PRIMARY KEY (booth_id, vacancy_id)
) WITHOUT ROWID;

-- A visitor's ticket: one per person and fair.  walk_in: registered at the
-- door by an officer.  checked_in_at is the first scan (or the scanner's
-- time of an offline scan), never moved by a second.
CREATE TABLE job_fair_ticket (
  id              INTEGER PRIMARY KEY,
  fair_id         INTEGER NOT NULL REFERENCES job_fair(id),
  seeker_id       INTEGER NOT NULL REFERENCES seeker(id),
  walk_in         INTEGER NOT NULL DEFAULT 0 CHECK (walk_in IN (0, 1)),
  registered_at   INTEGER NOT NULL,
  registered_by   INTEGER REFERENCES account(id),
  checked_in_at   INTEGER,
  checked_in_by   INTEGER REFERENCES account(id),
  check_in_source TEXT CHECK (check_in_source IN ('online','offline','walk_in')),
  UNIQUE (fair_id, seeker_id)
);
CREATE INDEX job_fair_ticket_seeker ON job_fair_ticket(seeker_id);

-- An application met at a booth: the person's ticket, the fair, and who at
-- the booth recorded it.  Its acceptance records the placement through the
-- channel job_fair (application_store.c), found again through this row.
CREATE TABLE job_fair_application (
  application_id  INTEGER PRIMARY KEY REFERENCES application(id),
  fair_id         INTEGER NOT NULL REFERENCES job_fair(id),
  ticket_id       INTEGER NOT NULL REFERENCES job_fair_ticket(id),
  recorded_by     INTEGER NOT NULL REFERENCES account(id),
  created_at      INTEGER NOT NULL
);
CREATE INDEX job_fair_application_fair ON job_fair_application(fair_id);
