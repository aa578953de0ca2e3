-- 0022: E-SkillUp, online courses of video lessons (issue 24): a course of
-- modules in order, each with its lessons (an uploaded video, or a link to
-- one hosted elsewhere) and a multiple-choice quiz with a pass mark; the
-- resumable uploads the videos come through; each learner's progress,
-- quiz attempts and, once every module is done, the office e-certificate.

CREATE TABLE course (
  id             INTEGER PRIMARY KEY,
  provider_id    INTEGER NOT NULL REFERENCES account(id),  -- the LPK, or the officer who entered it
  provider_kind  TEXT NOT NULL CHECK (provider_kind IN ('lpk','office')),
  state          TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft','published','withdrawn')),
  title          TEXT NOT NULL,
  vocation       TEXT NOT NULL,               -- kejuruan
  description    TEXT NOT NULL,
  level          TEXT NOT NULL CHECK (level IN ('basic','intermediate','advanced')),
  competencies   TEXT NOT NULL DEFAULT '[]',  -- SKKNI units or competencies (JSON array)
  published_at   INTEGER,
  created_at     INTEGER NOT NULL,
  updated_at     INTEGER NOT NULL
);
CREATE INDEX course_listing ON course(state, id);
CREATE INDEX course_provider ON course(provider_id, id);

CREATE TABLE course_module (
  id             INTEGER PRIMARY KEY,
  course_id      INTEGER NOT NULL REFERENCES course(id),
  seq            INTEGER NOT NULL,
  title          TEXT NOT NULL,
  pass_percent   INTEGER NOT NULL CHECK (pass_percent BETWEEN 1 AND 100),
  UNIQUE (course_id, seq)
);

CREATE TABLE course_lesson (
  id             INTEGER PRIMARY KEY,
  module_id      INTEGER NOT NULL REFERENCES course_module(id),
  seq            INTEGER NOT NULL,
  title          TEXT NOT NULL,
  video_url      TEXT,        -- a video hosted elsewhere (https)
  video_file     TEXT,        -- an uploaded one: its file name under <data>/videos
  media_type     TEXT CHECK (media_type IN ('video/mp4','video/webm')),
  size_bytes     INTEGER,
  duration_ms    INTEGER CHECK (duration_ms > 0),  -- read from the file, or given with the link
  width          INTEGER,
  height         INTEGER,
  UNIQUE (module_id, seq),
  CHECK (video_url IS NULL OR video_file IS NULL)
);

CREATE TABLE quiz_question (
  id             INTEGER PRIMARY KEY,
  module_id      INTEGER NOT NULL REFERENCES course_module(id),
  seq            INTEGER NOT NULL,
  question       TEXT NOT NULL,
  options        TEXT NOT NULL,  -- JSON array of 2-6 choices
  answer         INTEGER NOT NULL CHECK (answer >= 0),  -- the index of the right choice
  UNIQUE (module_id, seq)
);

-- A resumable upload (tus 1.0): the bytes go to <data>/uploads/<id>; what
-- has arrived is the file's size, so a retry after a crash resumes there.
CREATE TABLE video_upload (
  id             TEXT PRIMARY KEY,              -- 43 random base64url characters
  account_id     INTEGER NOT NULL REFERENCES account(id),
  length         INTEGER NOT NULL CHECK (length > 0),
  created_at     INTEGER NOT NULL,
  used_by        INTEGER REFERENCES course_lesson(id)
);

CREATE TABLE course_learner (
  id                  INTEGER PRIMARY KEY,
  course_id           INTEGER NOT NULL REFERENCES course(id),
  seeker_id           INTEGER NOT NULL REFERENCES seeker(id),
  started_at          INTEGER NOT NULL,
  completed_at        INTEGER,
  completed_on        TEXT,          -- the office's date, for the year's counts
  certificate_number  TEXT UNIQUE,
  UNIQUE (course_id, seeker_id)
);
CREATE INDEX course_learner_seeker ON course_learner(seeker_id, id);
CREATE INDEX course_learner_completed ON course_learner(completed_on) WHERE completed_on IS NOT NULL;

CREATE TABLE lesson_progress (
  learner_id     INTEGER NOT NULL REFERENCES course_learner(id),
  lesson_id      INTEGER NOT NULL REFERENCES course_lesson(id),
  position_ms    INTEGER NOT NULL CHECK (position_ms >= 0),  -- the furthest point reached
  done_at        INTEGER,
  updated_at     INTEGER NOT NULL,
  PRIMARY KEY (learner_id, lesson_id)
) WITHOUT ROWID;

CREATE TABLE quiz_attempt (
  id             INTEGER PRIMARY KEY,
  learner_id     INTEGER NOT NULL REFERENCES course_learner(id),
  module_id      INTEGER NOT NULL REFERENCES course_module(id),
  score_percent  INTEGER NOT NULL CHECK (score_percent BETWEEN 0 AND 100),
  passed         INTEGER NOT NULL CHECK (passed IN (0,1)),
  created_at     INTEGER NOT NULL
);
CREATE INDEX quiz_attempt_learner ON quiz_attempt(learner_id, module_id);
