-- 0001: accounts, sessions, e-mail tokens, the outbox, the audit log,
-- idempotent replies, login throttling and the region reference table.
-- Times are Unix seconds (UTC); the API shows them as ISO 8601.

CREATE TABLE account (
  id                 INTEGER PRIMARY KEY,
  role               TEXT NOT NULL CHECK (role IN ('seeker','company','lpk','bkk','officer','admin')),
  email              TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash      TEXT NOT NULL,
  display_name       TEXT NOT NULL,
  nik_sealed         BLOB,                 -- XChaCha20-Poly1305, key outside the database
  nik_index          BLOB UNIQUE,          -- keyed BLAKE2b of the NIK: one person, one NIK
  nip                TEXT,                 -- officers: Nomor Induk Pegawai, printed on cards
  status             TEXT NOT NULL DEFAULT 'unconfirmed'
                     CHECK (status IN ('unconfirmed','active','disabled')),
  -- organisations (company, lpk, bkk) only: NULL for people
  verification       TEXT CHECK (verification IN ('pending','verified','rejected')),
  verification_note  TEXT,
  verified_by        INTEGER REFERENCES account(id),
  verified_at        INTEGER,
  created_at         INTEGER NOT NULL,
  confirmed_at       INTEGER,
  updated_at         INTEGER NOT NULL,
  CHECK ((role = 'seeker') = (nik_index IS NOT NULL)),
  CHECK ((role IN ('company','lpk','bkk')) = (verification IS NOT NULL))
);
CREATE INDEX account_role_verification ON account(role, verification, id);

CREATE TABLE session (
  token_hash  BLOB PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX session_account ON session(account_id);
CREATE INDEX session_expiry ON session(expires_at);

CREATE TABLE email_token (
  token_hash  BLOB PRIMARY KEY,
  account_id  INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  purpose     TEXT NOT NULL CHECK (purpose IN ('confirm','reset')),
  created_at  INTEGER NOT NULL,
  expires_at  INTEGER NOT NULL,
  used_at     INTEGER
) WITHOUT ROWID;
CREATE INDEX email_token_account ON email_token(account_id);

-- Messages written in the same transaction as the change that causes them;
-- the delivery job hands them on and retries with back-off.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  channel          TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email')),
  recipient        TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  sent_at          INTEGER,
  failed_at        INTEGER,              -- gave up after OUTBOX_MAX_ATTEMPTS
  last_error       TEXT
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Append-only: every state change, staff read of personal data and export.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  actor_id     INTEGER,                  -- NULL: the system or an anonymous client
  action       TEXT NOT NULL,
  object_type  TEXT NOT NULL,
  object_id    INTEGER,
  detail       TEXT                      -- JSON without personal data
);
CREATE INDEX audit_log_object ON audit_log(object_type, object_id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Replies to POSTs that carried an Idempotency-Key, replayed on a retry.
CREATE TABLE idempotency (
  scope         TEXT NOT NULL,            -- "<account id or 0> <METHOD> <route>"
  key           TEXT NOT NULL,
  request_hash  BLOB NOT NULL,
  status        INTEGER NOT NULL,
  body          TEXT NOT NULL,
  created_at    INTEGER NOT NULL,
  PRIMARY KEY (scope, key)
) WITHOUT ROWID;
CREATE INDEX idempotency_age ON idempotency(created_at);

-- Failed logins per subject (keyed digest of "account:<id>" or "address:<ip>").
CREATE TABLE login_throttle (
  subject       BLOB PRIMARY KEY,
  window_start  INTEGER NOT NULL,
  failures      INTEGER NOT NULL
) WITHOUT ROWID;

-- Kode wilayah (Kepmendagri 300.2.2-2138/2025), seeded from the embedded table.
CREATE TABLE region (
  code    TEXT PRIMARY KEY,                -- "32", "32.77", "32.77.01", "32.77.01.1001"
  name    TEXT NOT NULL,
  level   INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  parent  TEXT
) WITHOUT ROWID;
CREATE INDEX region_parent ON region(parent);
