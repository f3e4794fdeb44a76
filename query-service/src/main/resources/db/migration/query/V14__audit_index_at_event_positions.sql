-- The audit index names each event by its own position in the event store (EventPositions), no longer by its
-- tracking token's: an event that committed after a later position's carried that later position, so rows written
-- before this could point a trail at another subject's event and miss its own. The index is built again from the
-- start of the stream on the first start after this migration, as V7 first built it: the tables are emptied and the
-- audit processor's tokens removed (a pooled processor without tokens replays from the start of the stream).
TRUNCATE audit_index, audit_index_size;

DO $$
BEGIN
    IF to_regclass('axon.token_entry') IS NOT NULL THEN
        DELETE FROM axon.token_entry WHERE processorname = 'query-audit';
    END IF;
END
$$;
