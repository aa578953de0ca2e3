-- 0004: trainings (pelatihan) by LPK/BLK or the office, enrolment with
-- selection and waitlist, attendance per session, results, certificates.

CREATE TABLE training (
  id                   INTEGER PRIMARY KEY,
  provider_id          INTEGER NOT NULL REFERENCES account(id),  -- the LPK, or the officer who entered it
  provider_kind        TEXT NOT NULL CHECK (provider_kind IN ('lpk','office')),
  state                TEXT NOT NULL DEFAULT 'draft'
                       CHECK (state IN ('draft','open','running','finished','cancelled')),
  title                TEXT NOT NULL,
  vocation             TEXT NOT NULL,      -- kejuruan, e.g. "Teknik Las", "Tata Boga"
  description          TEXT NOT NULL,
  competency_units     TEXT NOT NULL DEFAULT '[]',  -- SKKNI unit codes (JSON array)
  bnsp_scheme          TEXT,               -- the BNSP certification scheme, when there is one
  kkni_level           INTEGER CHECK (kkni_level BETWEEN 1 AND 9),
  funding              TEXT NOT NULL CHECK (funding IN ('apbd','apbn','dbhcht','company','other')),
  quota                INTEGER NOT NULL CHECK (quota BETWEEN 1 AND 10000),
  sessions             INTEGER NOT NULL CHECK (sessions BETWEEN 1 AND 1000),
  start_date           TEXT NOT NULL,
  end_date             TEXT NOT NULL,      -- its year is the year the people were trained
  registration_opens   TEXT NOT NULL,
  registration_closes  TEXT NOT NULL,
  location             TEXT NOT NULL,
  kecamatan_code       TEXT REFERENCES region(code),
  age_min              INTEGER,
  age_max              INTEGER,
  min_education        TEXT NOT NULL DEFAULT 'tidak_sekolah',
  education_rank       INTEGER NOT NULL DEFAULT 0,
  domicile_only        INTEGER NOT NULL DEFAULT 0,   -- only residents of the office's kab/kota
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL,
  CHECK (start_date <= end_date),
  CHECK (registration_opens <= registration_closes AND registration_closes <= start_date),
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max)
);
CREATE INDEX training_provider ON training(provider_id, id);
CREATE INDEX training_listing ON training(state, registration_closes, id);
CREATE INDEX training_end ON training(end_date);

-- One person, one enrolment per training.  'accepted' holds a place until
-- the training ends as 'completed' or 'dropped'.
CREATE TABLE enrolment (
  id            INTEGER PRIMARY KEY,
  training_id   INTEGER NOT NULL REFERENCES training(id),
  seeker_id     INTEGER NOT NULL REFERENCES seeker(id),
  state         TEXT NOT NULL DEFAULT 'applied' CHECK (state IN
                ('applied','accepted','waitlisted','rejected','withdrawn','cancelled','completed','dropped')),
  result        TEXT CHECK (result IN ('competent','not_yet_competent')),
  note          TEXT,
  decided_by    INTEGER REFERENCES account(id),
  waitlisted_at INTEGER,               -- the waitlist moves up in this order
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  UNIQUE (training_id, seeker_id),
  CHECK (result IS NULL OR state = 'completed')
);
CREATE INDEX enrolment_seeker ON enrolment(seeker_id, id);
CREATE INDEX enrolment_training ON enrolment(training_id, state, waitlisted_at, id);

-- The quota is a rule of the data, not only of the handler: no write path
-- can accept more people than there are places.
CREATE TRIGGER enrolment_quota BEFORE UPDATE OF state ON enrolment
WHEN NEW.state = 'accepted' AND OLD.state <> 'accepted'
BEGIN
  SELECT RAISE(ABORT, 'quota_full')
  WHERE (SELECT count(*) FROM enrolment WHERE training_id = NEW.training_id
         AND state IN ('accepted','completed','dropped'))
        >= (SELECT quota FROM training WHERE id = NEW.training_id);
END;

CREATE TABLE attendance (
  enrolment_id  INTEGER NOT NULL REFERENCES enrolment(id),
  session       INTEGER NOT NULL CHECK (session >= 1),
  present       INTEGER NOT NULL CHECK (present IN (0,1)),
  recorded_by   INTEGER NOT NULL REFERENCES account(id),
  recorded_at   INTEGER NOT NULL,
  PRIMARY KEY (enrolment_id, session)
) WITHOUT ROWID;

-- Certificates: the office's own (sertifikat pelatihan) and BNSP
-- competency certificates issued by an LSP.  Numbers are unique across
-- both kinds, because the public check looks a number up alone.
CREATE TABLE certificate (
  id            INTEGER PRIMARY KEY,
  number        TEXT NOT NULL UNIQUE,
  kind          TEXT NOT NULL CHECK (kind IN ('office','bnsp')),
  seeker_id     INTEGER NOT NULL REFERENCES seeker(id),
  enrolment_id  INTEGER NOT NULL REFERENCES enrolment(id),
  scheme        TEXT NOT NULL,
  lsp           TEXT,
  issued_on     TEXT NOT NULL,
  expires_on    TEXT,
  recorded_by   INTEGER NOT NULL REFERENCES account(id),
  created_at    INTEGER NOT NULL,
  CHECK (kind = 'office' OR lsp IS NOT NULL),
  CHECK (expires_on IS NULL OR issued_on <= expires_on)
);
CREATE INDEX certificate_seeker ON certificate(seeker_id);
CREATE INDEX certificate_issued ON certificate(issued_on);
