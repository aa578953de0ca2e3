-- 0019: the documents a job seeker attaches to an application (a diploma, a
-- certificate, a work letter, a photo; never the KTP), which the employer may
-- open while the application is open.  A document replaced or deleted by its
-- owner leaves the application with it.
CREATE TABLE application_document (
  application_id INTEGER NOT NULL REFERENCES application(id) ON DELETE CASCADE,
  document_id    INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
  PRIMARY KEY (application_id, document_id)
) WITHOUT ROWID;
CREATE INDEX application_document_document ON application_document(document_id);
