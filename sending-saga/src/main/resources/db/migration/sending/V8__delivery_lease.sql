-- Leases by the batch instead of by the row: a claim inserts one row naming the messages it leased, where it used to
-- update each message's queue row (claimed_until, claimed_by), one row write per message. A message is leased while
-- a lease naming it runs (until > now()); the node takes each message out of its lease as the message's outcome is
-- recorded, deletes the lease once it names none, and renews the leases of the messages it is still working on. A
-- lease whose node died simply runs out, and any node may delete it then.
-- Upgrade: stop every sending node of the earlier version first (they lease by the queue's columns, which go).
CREATE TABLE delivery_lease (
    lease_id    UUID         PRIMARY KEY,
    node        VARCHAR(128) NOT NULL,
    until       TIMESTAMPTZ  NOT NULL,
    message_ids UUID[]       NOT NULL
);
CREATE INDEX delivery_lease_node ON delivery_lease (node);

INSERT INTO delivery_lease (lease_id, node, until, message_ids)
SELECT gen_random_uuid(), claimed_by, max(claimed_until), array_agg(message_id)
  FROM delivery_queue
 WHERE claimed_by IS NOT NULL AND claimed_until > now()
 GROUP BY claimed_by;

ALTER TABLE delivery_queue DROP COLUMN claimed_until, DROP COLUMN claimed_by;
