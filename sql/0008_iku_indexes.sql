-- 0008: indexes by year for the yearly indicators (iku.c).  At a province's
-- size (100,000 cards and 50,000 placements a year) counting distinct people
-- by sorting cost most of an IKU request; walking an index already in
-- (year, person) order does not sort at all.
CREATE INDEX card_year ON card(substr(issued_on, 1, 4), replaces_card_id);
CREATE INDEX placement_year_seeker ON placement(substr(start_date, 1, 4), seeker_id) WHERE card_id IS NOT NULL;
CREATE INDEX placement_year_person ON placement(substr(start_date, 1, 4), person_index);
CREATE INDEX placement_year_channel ON placement(substr(start_date, 1, 4), channel, card_id);
