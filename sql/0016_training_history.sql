-- 0016: trainings the office ran before sidakerd, entered from its records,
-- and participants an officer enrols by NIK (walk-ins listed on paper).
--
-- provider_name: who ran it as the records name it ("UPTD BLK Kota …", an
--   LPK that never had an account); NULL for trainings published here, whose
--   provider is the account in provider_id.
-- record_ref: the office's own reference of an imported training (e.g.
--   "PLT-2023-014"); a re-upload finds the training by it.
ALTER TABLE training ADD COLUMN provider_name TEXT;
ALTER TABLE training ADD COLUMN record_ref TEXT;
CREATE UNIQUE INDEX training_record_ref ON training(record_ref) WHERE record_ref IS NOT NULL;

-- The officer who enrolled the person (NULL: the person applied in the app
-- or came with an imported training's records).
ALTER TABLE enrolment ADD COLUMN enrolled_by INTEGER REFERENCES account(id);

-- Training-history imports: each upload with its outcome, as card_import.
CREATE TABLE training_import (
  id          INTEGER PRIMARY KEY,
  sha256      BLOB NOT NULL,
  officer_id  INTEGER NOT NULL REFERENCES account(id),
  mode        TEXT NOT NULL,
  rows_total  INTEGER NOT NULL,
  imported    INTEGER NOT NULL,
  skipped     INTEGER NOT NULL,
  created_at  INTEGER NOT NULL
);
