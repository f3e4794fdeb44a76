-- A message has a row in query.message once it has been attempted, deferred or ended; while it waits for its first
-- attempt, its mailout's figures count it (mailout_statistics.queued) and it is read from its events. The rows of
-- messages still waiting go: the projection writes each again when its message leaves the queue (its MessageQueued
-- read from the event store), and its figures, which count it as queued, stay as they are.
DELETE FROM message WHERE status = 'QUEUED';
