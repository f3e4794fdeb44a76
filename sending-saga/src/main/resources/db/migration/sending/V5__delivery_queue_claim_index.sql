-- A claim reads each running mailout's earliest due messages in due_at order from this index and stops after the
-- batch it takes (DeliveryQueue.claim). With separate due_at and mailout_id indexes the planner fetched every due row
-- of the mailout and sorted them at each claim: 650 ms per claim of 100 with 83,000 messages waiting, in the
-- benchmark's 1,000,000-recipient mailout. Nothing else reads due_at alone; lookups by mailout_id use this index.
CREATE INDEX delivery_queue_mailout_due ON delivery_queue (mailout_id, due_at);
DROP INDEX delivery_queue_due;
DROP INDEX delivery_queue_mailout;
