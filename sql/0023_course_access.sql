-- 0023: an online course may be for the office's learners only: its lesson
-- videos are then not public, but reached by short-lived signed URLs that a
-- signed-in job seeker asks for (a <video> element cannot send a token).
ALTER TABLE course ADD COLUMN learners_only INTEGER NOT NULL DEFAULT 0 CHECK (learners_only IN (0, 1));
