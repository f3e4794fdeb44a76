-- The message aggregate's version (the sequence number of its last event) as each queue write leaves it: the row
-- is written in the transaction that appends every event of a pending message, so it is the message's snapshot, and
-- delivery records an attempt's outcome from it instead of reading the message's events back. NULL for a row queued
-- before this column (its outcome is recorded the old way, from the events).
ALTER TABLE delivery_queue ADD COLUMN version BIGINT;
