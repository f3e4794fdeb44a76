-- Who started the mailout a queued message belongs to, and the correlation id of that request (from the
-- MessageQueued event's metadata), so the events of every later attempt carry them too. NULL for rows queued before.
ALTER TABLE delivery_queue
    ADD COLUMN principal      VARCHAR(255),
    ADD COLUMN correlation_id VARCHAR(255);
