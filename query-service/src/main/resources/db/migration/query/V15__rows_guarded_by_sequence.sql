-- A customer's, a mailout's and an opt-out's rows remember the sequence number of the last event of their aggregate
-- they took in (last_sequence), no longer a tracking token's position (last_position): an event that filled a gap
-- its processor had passed carried the highest position seen so far, and when a row's next event came late too it
-- carried the same position and was refused. Rows written before this start at -1: their processors commit rows and
-- tokens in one transaction, so every event after a stored token is one no row has taken in yet.
ALTER TABLE customer ADD COLUMN last_sequence BIGINT NOT NULL DEFAULT -1;
ALTER TABLE customer DROP COLUMN last_position;
ALTER TABLE mailout ADD COLUMN last_sequence BIGINT NOT NULL DEFAULT -1;
ALTER TABLE mailout DROP COLUMN last_position;
ALTER TABLE opt_out ADD COLUMN last_sequence BIGINT NOT NULL DEFAULT -1;
ALTER TABLE opt_out DROP COLUMN last_position;
