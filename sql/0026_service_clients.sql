-- 0026: machines that pull the office's statistics (the province, the
-- ministry): service clients with scopes, short-lived access tokens from
-- the OAuth 2.0 client-credentials grant, and the feed's change log.
-- Secrets and tokens are kept only as keyed digests (as sessions are).
CREATE TABLE service_client (
  id             INTEGER PRIMARY KEY,
  client_id      TEXT NOT NULL UNIQUE,
  name           TEXT NOT NULL,
  organisation   TEXT NOT NULL,
  scopes         TEXT NOT NULL,          -- JSON array of scope names
  secret_digest  BLOB NOT NULL,
  created_by     INTEGER NOT NULL REFERENCES account(id),
  created_at     INTEGER NOT NULL,
  rotated_at     INTEGER,
  revoked_at     INTEGER
);

CREATE TABLE service_token (
  digest      BLOB PRIMARY KEY,
  client      INTEGER NOT NULL REFERENCES service_client(id),
  scopes      TEXT NOT NULL,             -- JSON array: what this token may do
  expires_at  INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX service_token_client ON service_token(client);

-- A closed month's corrections as a puller last saw them change: the feed
-- notes a new digest of a month's corrections when it finds one, so that
-- ?since= can name the months that changed after a point.
CREATE TABLE stats_feed_change (
  id          INTEGER PRIMARY KEY,
  month       TEXT NOT NULL,
  digest      INTEGER NOT NULL,
  at          INTEGER NOT NULL
);
CREATE INDEX stats_feed_change_month ON stats_feed_change(month, id);
