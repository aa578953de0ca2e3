-- 0007: notifications (in-app inbox, per-category channel preferences,
-- quiet hours, daily digest), WhatsApp consent, templates, broadcasts and
-- the messages the provider adapter delivers, and the tracer study.

-- One row per event a person is told of.  in_app: shown in their inbox
-- (their preference for the category); digest_state 'pending': its e-mail
-- waits for the daily digest instead of going out on its own.
CREATE TABLE notification (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  category      TEXT NOT NULL CHECK (category IN
                ('card','report','vacancy','training','application','complaint','tracer')),
  title         TEXT NOT NULL,
  body          TEXT NOT NULL,
  object_type   TEXT,
  object_id     INTEGER,
  in_app        INTEGER NOT NULL DEFAULT 1,
  digest_state  TEXT CHECK (digest_state IN ('pending','sent')),
  created_at    INTEGER NOT NULL,
  read_at       INTEGER
);
CREATE INDEX notification_inbox ON notification(account_id, id) WHERE in_app = 1;
CREATE INDEX notification_unread ON notification(account_id) WHERE in_app = 1 AND read_at IS NULL;
CREATE INDEX notification_digest ON notification(account_id, id) WHERE digest_state = 'pending';

-- A person's channels for one category; no row: the defaults (in-app and
-- e-mail on, WhatsApp off).
CREATE TABLE notification_pref (
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  category    TEXT NOT NULL,
  in_app      INTEGER NOT NULL CHECK (in_app IN (0,1)),
  email       INTEGER NOT NULL CHECK (email IN (0,1)),
  whatsapp    INTEGER NOT NULL CHECK (whatsapp IN (0,1)),
  PRIMARY KEY (account_id, category)
) WITHOUT ROWID;

-- Quiet hours in minutes of the office's day (both or neither; from >
-- until spans midnight) and the digest choice.
CREATE TABLE notification_setting (
  account_id      INTEGER PRIMARY KEY REFERENCES account(id) ON DELETE CASCADE,
  quiet_from      INTEGER CHECK (quiet_from BETWEEN 0 AND 1439),
  quiet_until     INTEGER CHECK (quiet_until BETWEEN 0 AND 1439),
  daily_digest    INTEGER NOT NULL DEFAULT 0 CHECK (daily_digest IN (0,1)),
  last_digest_at  INTEGER,
  updated_at      INTEGER NOT NULL,
  CHECK ((quiet_from IS NULL) = (quiet_until IS NULL))
);

-- WhatsApp opt-in: who, which number, when, and the exact wording they
-- agreed to.  Withdrawn consents stay as the record of what was agreed.
CREATE TABLE wa_consent (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  phone         TEXT NOT NULL,                     -- +62…
  wording       TEXT NOT NULL,
  given_at      INTEGER NOT NULL,
  withdrawn_at  INTEGER,
  withdrawn_by  TEXT CHECK (withdrawn_by IN ('person','stop_reply','deletion')),
  CHECK ((withdrawn_at IS NULL) = (withdrawn_by IS NULL))
);
CREATE UNIQUE INDEX wa_consent_active ON wa_consent(account_id) WHERE withdrawn_at IS NULL;
CREATE INDEX wa_consent_phone ON wa_consent(phone) WHERE withdrawn_at IS NULL;

-- Message templates: an officer proposes, an admin approves (WhatsApp
-- Business only sends approved templates).  Placeholders {{name}}.
CREATE TABLE wa_template (
  id          INTEGER PRIMARY KEY,
  name        TEXT NOT NULL UNIQUE,
  body        TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','approved','rejected')),
  created_by  INTEGER NOT NULL REFERENCES account(id),
  decided_by  INTEGER REFERENCES account(id),
  created_at  INTEGER NOT NULL,
  decided_at  INTEGER
);

CREATE TABLE wa_broadcast (
  id          INTEGER PRIMARY KEY,
  template_id INTEGER NOT NULL REFERENCES wa_template(id),
  segment     TEXT NOT NULL,                       -- JSON, as the officer chose it
  variables   TEXT NOT NULL,                       -- JSON
  vacancy_id  INTEGER REFERENCES vacancy(id),
  recipients  INTEGER NOT NULL,
  created_by  INTEGER NOT NULL REFERENCES account(id),
  created_at  INTEGER NOT NULL
);

-- What the provider adapter delivers: broadcast messages and WhatsApp
-- notifications.  'skipped': consent withdrawn before it went out.
CREATE TABLE wa_message (
  id               INTEGER PRIMARY KEY,
  broadcast_id     INTEGER REFERENCES wa_broadcast(id),
  account_id       INTEGER REFERENCES account(id) ON DELETE SET NULL,
  phone            TEXT NOT NULL,
  body             TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending'
                   CHECK (state IN ('pending','sent','delivered','read','failed','skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  provider_id      TEXT,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  sent_at          INTEGER,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX wa_message_due ON wa_message(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX wa_message_broadcast ON wa_message(broadcast_id, state);
CREATE INDEX wa_message_phone ON wa_message(phone) WHERE state = 'pending';
CREATE UNIQUE INDEX wa_message_provider ON wa_message(provider_id) WHERE provider_id IS NOT NULL;

-- Graduates a BKK reports, by NIK (keyed index only: the survey reaches
-- them through their own account once they have one).
CREATE TABLE bkk_graduate (
  id               INTEGER PRIMARY KEY,
  organisation_id  INTEGER NOT NULL REFERENCES account(id),
  nik_index        BLOB NOT NULL,
  graduated_on     TEXT NOT NULL,
  major            TEXT,
  created_at       INTEGER NOT NULL,
  UNIQUE (organisation_id, nik_index, graduated_on)
);
CREATE INDEX bkk_graduate_date ON bkk_graduate(graduated_on);

-- Tracer study: one survey per alumnus per wave (6 or 12 months after the
-- training ended or the BKK's graduation).  organisation_id: the LPK or BKK
-- whose cohort it is (NULL: the office's own training).  Outcomes are the
-- "BMW" categories: bekerja, melanjutkan, wirausaha, or still looking.
CREATE TABLE tracer_survey (
  id               INTEGER PRIMARY KEY,
  cohort_kind      TEXT NOT NULL CHECK (cohort_kind IN ('training','bkk')),
  training_id      INTEGER REFERENCES training(id),
  graduate_id      INTEGER REFERENCES bkk_graduate(id),
  organisation_id  INTEGER REFERENCES account(id),
  cohort_date      TEXT NOT NULL,                  -- the training's end or the graduation
  account_id       INTEGER REFERENCES account(id) ON DELETE SET NULL,
  wave             INTEGER NOT NULL CHECK (wave IN (6,12)),
  created_at       INTEGER NOT NULL,
  answered_at      INTEGER,
  outcome          TEXT CHECK (outcome IN ('working','further_study','self_employed','looking')),
  employer         TEXT,
  wage_band        TEXT CHECK (wage_band IN ('below_1m','1m_to_3m','3m_to_5m','above_5m')),
  relevance        TEXT CHECK (relevance IN ('very_relevant','relevant','somewhat_relevant','not_relevant')),
  CHECK ((cohort_kind = 'training') = (training_id IS NOT NULL)),
  CHECK ((cohort_kind = 'bkk') = (graduate_id IS NOT NULL)),
  CHECK ((answered_at IS NULL) = (outcome IS NULL))
);
CREATE UNIQUE INDEX tracer_survey_training ON tracer_survey(training_id, account_id, wave) WHERE training_id IS NOT NULL;
CREATE UNIQUE INDEX tracer_survey_graduate ON tracer_survey(graduate_id, wave) WHERE graduate_id IS NOT NULL;
CREATE INDEX tracer_survey_account ON tracer_survey(account_id, id);
CREATE INDEX tracer_survey_organisation ON tracer_survey(organisation_id, cohort_kind);

-- The "report due" reminder of each 6-monthly report goes out once.
ALTER TABLE card_report ADD COLUMN reminded_at INTEGER;
