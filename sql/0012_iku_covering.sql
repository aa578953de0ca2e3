-- 0012: the yearly indicators' indexes hold every column their counts read.
-- SQLite 3.40 does not count an index on an expression (the year of
-- start_date) as covering unless the column itself is in it too, nor a
-- partial index unless the column of its condition is: without them each
-- count read every placement of the year from the table, 80,000 rows at a
-- province's size.
DROP INDEX placement_year_seeker;
DROP INDEX placement_year_person;
DROP INDEX placement_year_channel;
CREATE INDEX placement_year_seeker ON placement(substr(start_date, 1, 4), seeker_id, card_id, start_date)
  WHERE card_id IS NOT NULL;
CREATE INDEX placement_year_person ON placement(substr(start_date, 1, 4), person_index, start_date);
CREATE INDEX placement_year_channel ON placement(substr(start_date, 1, 4), channel, card_id, start_date);
-- Who completed a training, and with what result, by training.
CREATE INDEX enrolment_outcome ON enrolment(training_id, state, seeker_id, result);
