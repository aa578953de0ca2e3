-- 0015: a person who asked for deletion is marked as such, so that a request
-- for what was theirs (the card's PDF) is answered 410 person_deleted instead
-- of failing on the NIK that anonymisation replaced with random bytes.
ALTER TABLE seeker ADD COLUMN deleted_at INTEGER;
UPDATE seeker SET deleted_at = updated_at WHERE full_name = '(dihapus)' AND account_id IS NULL;
