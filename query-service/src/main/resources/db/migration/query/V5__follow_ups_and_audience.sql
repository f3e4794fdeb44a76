-- Follow-ups (query-mailouts): the mailout a follow-up sends again to the ones it did not reach (follow_up_of), and
-- on that original, its follow-up (follow_up_id).
ALTER TABLE mailout ADD COLUMN follow_up_of UUID;
ALTER TABLE mailout ADD COLUMN follow_up_id UUID;

-- The audience preview (GET /api/v1/audience): the operator-code index of active customers carries their tags too, so
-- counting a filter with operator codes (and tags) reads the index alone (index-only once vacuumed: 5 ms instead of
-- 35 ms for 4,000 of a million customers). It replaces the index on the operator code alone, which it covers.
CREATE INDEX customer_audience ON customer (operator_code) INCLUDE (tags) WHERE active;
DROP INDEX customer_operator;
