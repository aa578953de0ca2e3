-- 0002: the AK/I job-seeker card: the person and their profile, uploaded
-- documents, card applications, cards, the 6-monthly reports, counters.

-- A job seeker as a person: one NIK, one row.  account_id is NULL for people
-- known only from the office's legacy register until they register.
CREATE TABLE seeker (
  id                  INTEGER PRIMARY KEY,
  account_id          INTEGER UNIQUE REFERENCES account(id) ON DELETE SET NULL,
  nik_sealed          BLOB NOT NULL,
  nik_index           BLOB NOT NULL UNIQUE,
  full_name           TEXT NOT NULL,
  birth_place         TEXT NOT NULL,
  birth_date          TEXT NOT NULL,          -- YYYY-MM-DD
  gender              TEXT NOT NULL CHECK (gender IN ('M','F')),
  -- NULL only for people imported from a legacy register that lacks them;
  -- the profile route requires them.
  marital_status      TEXT CHECK (marital_status IN ('belum_kawin','kawin','cerai_hidup','cerai_mati')),
  religion            TEXT CHECK (religion IN ('islam','kristen','katolik','hindu','buddha','konghucu','kepercayaan')),
  address             TEXT NOT NULL,
  rt                  TEXT,
  rw                  TEXT,
  kecamatan_code      TEXT NOT NULL REFERENCES region(code),
  kelurahan_code      TEXT NOT NULL REFERENCES region(code),
  phone               TEXT,                   -- +62…
  education_level     TEXT NOT NULL CHECK (education_level IN
                      ('tidak_sekolah','sd','smp','sma','smk','d1','d2','d3','d4','s1','s2','s3')),
  education_code      TEXT,                   -- 4-digit IPK "jenis pendidikan"
  school              TEXT,
  major               TEXT,
  graduation_year     INTEGER,
  skills              TEXT NOT NULL DEFAULT '[]',   -- JSON arrays
  experience          TEXT NOT NULL DEFAULT '[]',
  trainings           TEXT NOT NULL DEFAULT '[]',
  disability          TEXT,                   -- opt-in, shown only to the person and officers
  preferred_kbji      TEXT NOT NULL DEFAULT '[]',
  preferred_location  TEXT NOT NULL DEFAULT 'domestic' CHECK (preferred_location IN ('domestic','abroad','both')),
  nik_warnings        INTEGER NOT NULL DEFAULT 0,   -- bit set of nik.h
  created_at          INTEGER NOT NULL,
  updated_at          INTEGER NOT NULL
);
CREATE INDEX seeker_kecamatan ON seeker(kecamatan_code);

-- Uploaded files: photo, KTP and diploma once each (a new upload replaces),
-- certificates and work letters any number.  Content lives in the database
-- so that backups hold everything and no file is ever served from a path.
CREATE TABLE document (
  id           INTEGER PRIMARY KEY,
  account_id   INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('photo','ktp','diploma','certificate','work_letter')),
  media_type   TEXT NOT NULL CHECK (media_type IN ('image/jpeg','image/png','application/pdf')),
  bytes        INTEGER NOT NULL,
  width        INTEGER,
  height       INTEGER,
  sha256       BLOB NOT NULL,
  content      BLOB NOT NULL,
  uploaded_at  INTEGER NOT NULL
);
CREATE INDEX document_account ON document(account_id, kind);

CREATE TABLE card (
  id                INTEGER PRIMARY KEY,
  number            TEXT NOT NULL UNIQUE,       -- as printed, e.g. "3277 000123 151123"
  number_key        TEXT NOT NULL UNIQUE,       -- without spaces: the verification look-up
  seeker_id         INTEGER NOT NULL REFERENCES seeker(id),
  kind              TEXT NOT NULL CHECK (kind IN ('new','renewal','correction')),
  serial            INTEGER UNIQUE,             -- NULL for imported cards
  issued_on         TEXT NOT NULL,
  valid_until       TEXT NOT NULL,
  officer_id        INTEGER REFERENCES account(id),
  officer_name      TEXT,
  officer_nip       TEXT,
  state             TEXT NOT NULL DEFAULT 'active'
                    CHECK (state IN ('active','placed','expired','removed','replaced')),
  ended_on          TEXT,
  end_reason        TEXT CHECK (end_reason IN
                    ('placed','expired','not_reported','moved','deceased','duplicate','other','replaced')),
  replaces_card_id  INTEGER REFERENCES card(id),
  imported          INTEGER NOT NULL DEFAULT 0,
  created_at        INTEGER NOT NULL,
  CHECK ((state = 'active') = (ended_on IS NULL))
);
CREATE UNIQUE INDEX card_one_active ON card(seeker_id) WHERE state = 'active';
CREATE INDEX card_seeker ON card(seeker_id);
CREATE INDEX card_valid_until ON card(valid_until) WHERE state = 'active';
CREATE INDEX card_issued ON card(issued_on);

CREATE TABLE card_application (
  id                INTEGER PRIMARY KEY,
  seeker_id         INTEGER NOT NULL REFERENCES seeker(id),
  kind              TEXT NOT NULL CHECK (kind IN ('new','renewal','correction')),
  replaces_card_id  INTEGER REFERENCES card(id),
  state             TEXT NOT NULL DEFAULT 'draft'
                    CHECK (state IN ('draft','submitted','revision_requested','issued','rejected')),
  submissions       INTEGER NOT NULL DEFAULT 0,  -- 2 or more: resubmitted after a revision
  submitted_at      INTEGER,
  note              TEXT,                        -- revision request or rejection reason
  decided_by        INTEGER REFERENCES account(id),
  decided_at        INTEGER,
  card_id           INTEGER REFERENCES card(id),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  CHECK ((kind = 'new') = (replaces_card_id IS NULL))
);
CREATE UNIQUE INDEX card_application_one_open ON card_application(seeker_id)
  WHERE state IN ('draft','submitted','revision_requested');
CREATE INDEX card_application_queue ON card_application(state, submitted_at, id);

-- The 6-monthly reports (lapor) of a card: due dates at issue, filled in
-- when the holder reports.
CREATE TABLE card_report (
  card_id      INTEGER NOT NULL REFERENCES card(id),
  seq          INTEGER NOT NULL,
  due_on       TEXT NOT NULL,
  reported_on  TEXT,
  status       TEXT CHECK (status IN ('still_looking','placed')),
  employer     TEXT,
  position     TEXT,
  start_date   TEXT,
  PRIMARY KEY (card_id, seq)
) WITHOUT ROWID;
CREATE INDEX card_report_due ON card_report(due_on) WHERE reported_on IS NULL;

-- Monotonic counters (card serials), advanced in the writer's transaction of
-- the issue itself: a committed serial belongs to one card for ever.
CREATE TABLE counter (
  name   TEXT PRIMARY KEY,
  value  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counter(name, value) VALUES ('card_serial', 0);

-- Legacy imports: each file once (by digest), with its outcome.
CREATE TABLE card_import (
  id          INTEGER PRIMARY KEY,
  sha256      BLOB NOT NULL,
  officer_id  INTEGER NOT NULL REFERENCES account(id),
  mode        TEXT NOT NULL,
  rows_total  INTEGER NOT NULL,
  imported    INTEGER NOT NULL,
  skipped     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);
