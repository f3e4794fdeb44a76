-- First attempts by the batch (issue 22): the messages a unit of work queues (a release batch of the dispatch saga)
-- are written as one row of delivery_batch, their columns side by side in arrays, instead of one delivery_queue row
-- each that the message's outcome then deletes: two row writes a message become about four a batch. A message
-- queued alone (a late joiner, a one-off) still gets a delivery_queue row. A claim leases the next messages of a batch in order and moves claimed_through past them (its lease names
-- the batch); a message needs a row of delivery_queue only when it needs another attempt (a deferral or a retry,
-- copied from its batch by its event's handler), was given back without an attempt, or was left behind by a node
-- whose lease ran out (copied then unless its outcome is in the event store). A batch whose every message was
-- claimed and that no lease names any more holds nothing anyone needs, and the sweeper deletes it.
CREATE TABLE delivery_batch (
    batch_id             UUID           PRIMARY KEY,
    mailout_id           UUID           NOT NULL,
    due_at               TIMESTAMPTZ    NOT NULL,
    end_at               TIMESTAMPTZ    NOT NULL,
    principal            VARCHAR(255),
    correlation_id       VARCHAR(255),
    size                 INT            NOT NULL,
    claimed_through      INT            NOT NULL DEFAULT 0,
    message_ids          UUID[]         NOT NULL,
    customer_ids         UUID[]         NOT NULL,
    provider_message_ids BIGINT[]       NOT NULL,
    phones               VARCHAR(15)[]  NOT NULL,
    emails               VARCHAR(254)[] NOT NULL,
    time_zones           VARCHAR(64)[]  NOT NULL,
    texts                TEXT[]         NOT NULL,
    subjects             TEXT[]         NOT NULL,
    htmls                TEXT[]         NOT NULL
) WITH (fillfactor = 50);
CREATE INDEX delivery_batch_mailout_due ON delivery_batch (mailout_id, due_at);
CREATE INDEX delivery_batch_end ON delivery_batch (end_at);

-- The batch whose messages a lease names (NULL: messages of delivery_queue).
ALTER TABLE delivery_lease ADD COLUMN batch_id UUID;
