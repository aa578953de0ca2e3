-- 0027: webhooks the office calls when a month closes or a closed month's
-- corrections change, so that the province and the ministry need not poll.
-- A webhook's secret is never stored: it is derived from the master key,
-- the webhook's id and its generation (a rotation is a new generation).
-- Each call is a delivery, retried with back-off; the admin reads the log.
CREATE TABLE webhook (
  id           INTEGER PRIMARY KEY,
  url          TEXT NOT NULL,
  description  TEXT NOT NULL DEFAULT '',
  generation   INTEGER NOT NULL DEFAULT 1,
  created_by   INTEGER NOT NULL REFERENCES account(id),
  created_at   INTEGER NOT NULL,
  rotated_at   INTEGER,
  revoked_at   INTEGER
);

CREATE TABLE webhook_delivery (
  id               INTEGER PRIMARY KEY,
  webhook_id       INTEGER NOT NULL REFERENCES webhook(id),
  event            TEXT NOT NULL CHECK (event IN ('month_closed','month_corrected')),
  month            TEXT NOT NULL,
  body             TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','delivered','failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  last_status      INTEGER,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  delivered_at     INTEGER,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX webhook_delivery_due ON webhook_delivery(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX webhook_delivery_hook ON webhook_delivery(webhook_id, id);
