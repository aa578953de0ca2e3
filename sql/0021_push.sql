-- 0021: push notifications to the mobile apps.  A device token per
-- installation of the app, registered by the signed-in account; a push
-- channel in the notification preferences (on by default: it reaches only
-- those who registered a device); and the queue of pushes that push.c
-- delivers through the provider (FCM HTTP v1), like wa_message for WhatsApp.
ALTER TABLE notification_pref ADD COLUMN push INTEGER NOT NULL DEFAULT 1 CHECK (push IN (0,1));

CREATE TABLE push_device (
  id            INTEGER PRIMARY KEY,
  account_id    INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  token         TEXT NOT NULL UNIQUE,       -- the provider's registration token
  platform      TEXT NOT NULL CHECK (platform IN ('android','ios','web')),
  created_at    INTEGER NOT NULL,
  last_seen_at  INTEGER NOT NULL,
  dropped_at    INTEGER,                    -- NULL: receives pushes
  drop_reason   TEXT CHECK (drop_reason IN ('removed','invalid','replaced'))
);
CREATE INDEX push_device_account ON push_device(account_id, last_seen_at) WHERE dropped_at IS NULL;

CREATE TABLE push_message (
  id               INTEGER PRIMARY KEY,
  device_id        INTEGER NOT NULL REFERENCES push_device(id) ON DELETE CASCADE,
  notification_id  INTEGER REFERENCES notification(id) ON DELETE SET NULL,
  category         TEXT NOT NULL,
  title            TEXT NOT NULL,
  body             TEXT NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','sent','failed','skipped')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL,
  provider_id      TEXT,
  last_error       TEXT,
  created_at       INTEGER NOT NULL,
  sent_at          INTEGER,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX push_message_due ON push_message(next_attempt_at, id) WHERE state = 'pending';
CREATE INDEX push_message_device ON push_message(device_id);
