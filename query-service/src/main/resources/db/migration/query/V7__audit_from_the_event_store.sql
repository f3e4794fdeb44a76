-- The audit trail is read from the event store (issue 22): the copy of every event (audit_event) and the per-trail
-- sizes kept per event (audit_trail_size) give way to an index of the events a trail cannot find by itself. A
-- mailout's, message's and customer's own events are found by their aggregate in axon.domain_event_entry, a
-- customer's messages' events through the messages sent to them (query.message, by customer_id below); the audit
-- index holds, per processed batch and trail, the global positions of the other events naming the trail: a message's
-- events under their mailout, and the events no aggregate applies (MailoutCompleted, AudienceBatchReleased,
-- AudienceFixed, AudienceClosed, DeadLetterEvicted, DailyReportSent) under every subject they name.
DROP TABLE audit_event;
DROP TABLE audit_trail_size;

-- One row per trail and processed batch (query-audit): the positions, in order, spanning at most 4,096 positions of
-- the stream. A page reads the rows in the order of their last position (below), from the page's cursor on.
CREATE TABLE audit_index (
    subject        VARCHAR(16) NOT NULL,
    subject_id     UUID        NOT NULL,
    first_position BIGINT      NOT NULL,
    last_position  BIGINT      NOT NULL,
    positions      BIGINT[]    NOT NULL
);
CREATE INDEX audit_index_by_trail ON audit_index (subject, subject_id, last_position);

-- How many positions the index holds for a trail (its total is that and the count of its own events), and the widest
-- span of its rows (how far past a position a page must look for rows written out of stream order). Moved once per
-- batch and trail.
CREATE TABLE audit_index_size (
    subject    VARCHAR(16) NOT NULL,
    subject_id UUID        NOT NULL,
    events     BIGINT      NOT NULL,
    max_span   BIGINT      NOT NULL,
    PRIMARY KEY (subject, subject_id)
);

-- A customer's trail reads the events of the messages sent to them.
CREATE INDEX message_by_customer ON message (customer_id);

-- The index is built from the start of the stream on the first start after this migration: the audit processor's
-- tokens are removed, and a pooled processor without tokens takes Axon's default initial token, a replay from the
-- start of the stream up to its head, with the tables above empty. Nothing of the schema axon exists yet on a fresh database whose query schema is migrated
-- first, and then there is nothing to remove.
DO $$
BEGIN
    IF to_regclass('axon.token_entry') IS NOT NULL THEN
        DELETE FROM axon.token_entry WHERE processorname = 'query-audit';
    END IF;
END
$$;
