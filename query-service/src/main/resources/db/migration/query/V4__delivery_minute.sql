-- Messages that reached a final status, per mailout, minute and status (query-mailouts): the delivery timelines are
-- read from here, never from query.message. A message counts once, in the minute of its finished_at, when its row
-- first becomes final; the projection's reset handler empties the table with the others it rebuilds.
CREATE TABLE delivery_minute (
    mailout_id UUID        NOT NULL,
    minute     TIMESTAMPTZ NOT NULL,
    status     VARCHAR(16) NOT NULL,
    messages   BIGINT      NOT NULL,
    PRIMARY KEY (mailout_id, minute, status)
);
CREATE INDEX delivery_minute_by_minute ON delivery_minute (minute);
