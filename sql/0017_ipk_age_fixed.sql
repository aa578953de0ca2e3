-- 0017: a card counts in one IPK age group for its whole life: its holder's
-- age at the end of the month they came into the table.  That is the card's
-- own in_month, or, for a card that continues a replaced one (a renewal, a
-- correction), the month the first card of the chain came in.
--
-- Each flow used to take the age at the end of its own month.  A person
-- registered at 29 and placed at 30 was then added to 20-29 and taken from
-- 30-44: row 5 of 20-29 kept them forever, that of 30-44 shrank and could go
-- below zero, while row 5 = A - B and row 1 = last month's row 5 held.
ALTER TABLE card ADD COLUMN ipk_entry_month TEXT;

CREATE TEMP TABLE card_entry(id INTEGER PRIMARY KEY, entry TEXT);
WITH RECURSIVE chain(id, entry) AS (
  SELECT c.id, c.in_month FROM card c WHERE c.replaces_card_id IS NULL
    OR NOT EXISTS (SELECT 1 FROM card o WHERE o.id = c.replaces_card_id AND o.state = 'replaced')
  UNION ALL
  SELECT c.id, chain.entry FROM chain JOIN card o ON o.id = chain.id AND o.state = 'replaced'
    JOIN card c ON c.replaces_card_id = o.id
)
INSERT OR IGNORE INTO card_entry(id, entry) SELECT id, entry FROM chain;
UPDATE card SET ipk_entry_month = e.entry FROM card_entry e WHERE e.id = card.id;
DROP TABLE card_entry;

-- A new card's months, facts and entry month in one update (0010's trigger
-- and the entry month).  The card it continues ended 'replaced' before it
-- was inserted (ak1.c), so the chain is known here.
DROP TRIGGER card_in_month;
CREATE TRIGGER card_in_month AFTER INSERT ON card BEGIN
  UPDATE card SET in_month = max(substr(NEW.issued_on, 1, 7), (SELECT month FROM ipk_open_month)),
    out_month = CASE WHEN NEW.ended_on IS NULL THEN NULL
                ELSE max(substr(NEW.ended_on, 1, 7), (SELECT month FROM ipk_open_month)) END,
    ipk_entry_month = IFNULL((SELECT o.ipk_entry_month FROM card o WHERE o.id = NEW.replaces_card_id
                              AND o.state = 'replaced'),
                             max(substr(NEW.issued_on, 1, 7), (SELECT month FROM ipk_open_month))),
    (ipk_female, ipk_birth_date, ipk_education, ipk_kbji) = (SELECT s.gender = 'F', s.birth_date,
    s.education_level, s.preferred_kbji ->> '$[0]' FROM seeker s WHERE s.id = NEW.seeker_id)
  WHERE id = NEW.id;
END;

-- The exits' index carries the entry month, so counting never leaves it.
DROP INDEX card_out_month;
CREATE INDEX card_out_month ON card(out_month, state, seeker_id, ended_on, ipk_female, ipk_birth_date, ipk_education,
  ipk_kbji, ipk_entry_month) WHERE out_month IS NOT NULL;
