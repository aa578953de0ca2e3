-- 0006: complaints and suggestions (pengaduan) from anyone with an account,
-- answered by officers within a response deadline.

CREATE TABLE complaint (
  id               INTEGER PRIMARY KEY,
  account_id       INTEGER NOT NULL REFERENCES account(id),
  kind             TEXT NOT NULL DEFAULT 'complaint' CHECK (kind IN ('complaint','suggestion')),
  category         TEXT NOT NULL CHECK (category IN
                   ('scam_vacancy','card_problem','data_correction','service','other')),
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  vacancy_id       INTEGER REFERENCES vacancy(id),
  organisation_id  INTEGER REFERENCES account(id),
  state            TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open','assigned','answered','closed')),
  assigned_to      INTEGER REFERENCES account(id),
  answer           TEXT,
  due_at           INTEGER NOT NULL,     -- the response deadline (complaint_response_days)
  answered_at      INTEGER,
  closed_at        INTEGER,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL
);
CREATE INDEX complaint_account ON complaint(account_id, id);
CREATE INDEX complaint_queue ON complaint(state, due_at, id);
CREATE INDEX complaint_created ON complaint(created_at);
