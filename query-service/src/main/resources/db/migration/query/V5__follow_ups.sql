-- Follow-ups (query-mailouts): the mailout a follow-up sends again to the ones it did not reach (follow_up_of), and
-- on that original, its follow-up (follow_up_id).
ALTER TABLE mailout ADD COLUMN follow_up_of UUID;
ALTER TABLE mailout ADD COLUMN follow_up_id UUID;
