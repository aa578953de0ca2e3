-- 0012: who completed a training, and with what result, by training: the
-- trained and competency shares of the yearly indicators read only this.
CREATE INDEX enrolment_outcome ON enrolment(training_id, state, seeker_id, result);
