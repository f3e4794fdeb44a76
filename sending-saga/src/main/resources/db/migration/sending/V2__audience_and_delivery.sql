-- The audience: the sending service's own copy of the customer directory (processor "dispatch-audience").
-- seq numbers customers in the order the processor saw them join, which is the event stream's order, so "who had
-- joined when a mailout started" is a comparison with that mailout's audience_seq.
CREATE TABLE audience (
    customer_id   UUID PRIMARY KEY,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    phone         VARCHAR(15) NOT NULL,
    operator_code VARCHAR(3),
    tags          TEXT[]      NOT NULL,
    time_zone     VARCHAR(64) NOT NULL,
    active        BOOLEAN     NOT NULL
);
CREATE INDEX audience_tags ON audience USING GIN (tags);

-- Started mailouts as the sending side needs them, kept by the same processor as the audience.
CREATE TABLE dispatch_mailout (
    mailout_id     UUID PRIMARY KEY,
    text           TEXT        NOT NULL,
    operator_codes TEXT[]      NOT NULL,
    tags           TEXT[]      NOT NULL,
    window_from    TIME,
    window_to      TIME,
    end_at         TIMESTAMPTZ NOT NULL,
    late_joiners   BOOLEAN     NOT NULL,
    audience_seq   BIGINT      NOT NULL,
    state          VARCHAR(16) NOT NULL CHECK (state IN ('RUNNING', 'PAUSED', 'CANCELLED', 'CLOSED'))
);

-- Messages that still need an attempt, written in the transaction that appends their events. due_at is the
-- persistent deadline of the next attempt (first attempt, retry, or the window opening); a row is leased to one
-- node while its attempt is under way (claimed_until), and a crashed node's lease simply runs out.
CREATE TABLE delivery_queue (
    message_id          UUID PRIMARY KEY,
    mailout_id          UUID        NOT NULL,
    customer_id         UUID        NOT NULL,
    provider_message_id BIGINT      NOT NULL,
    phone               VARCHAR(15) NOT NULL,
    time_zone           VARCHAR(64) NOT NULL,
    end_at              TIMESTAMPTZ NOT NULL,
    attempts            INT         NOT NULL,
    due_at              TIMESTAMPTZ NOT NULL,
    claimed_until       TIMESTAMPTZ,
    claimed_by          VARCHAR(128)
);
CREATE INDEX delivery_queue_due ON delivery_queue (due_at);
CREATE INDEX delivery_queue_end ON delivery_queue (end_at);
CREATE INDEX delivery_queue_mailout ON delivery_queue (mailout_id);
