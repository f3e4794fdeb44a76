-- A message may end SUPPRESSED: its address was on the opt-out list of its channel (MessageSuppressed).
ALTER TABLE mailout_statistics ADD COLUMN suppressed BIGINT NOT NULL DEFAULT 0;
-- The opt-out list of each channel (AddressOptedOut, OptOutWithdrawn): one row per address on it.
CREATE TABLE opt_out (
    id            UUID PRIMARY KEY,
    channel       VARCHAR(8)   NOT NULL,
    address       VARCHAR(254) NOT NULL,
    source        VARCHAR(16)  NOT NULL,
    message_id    UUID,
    opted_out_at  TIMESTAMPTZ  NOT NULL,
    last_position BIGINT       NOT NULL
);
CREATE INDEX opt_out_listing ON opt_out (opted_out_at DESC, id);
-- The search by the start of an address, answered as a byte-wise range (as the directory's).
CREATE INDEX opt_out_address ON opt_out (channel, address COLLATE "C");
