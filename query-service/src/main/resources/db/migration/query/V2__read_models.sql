-- The read models of the query service. Every table is rebuilt from the event stream by its projection (processing
-- groups query-customers, query-mailouts, query-audit) and emptied by that projection's reset handler. last_position
-- is the global position of the last event a row took in, so an event handled twice changes nothing.

-- The customer directory (query-customers).
CREATE TABLE customer (
    id            UUID PRIMARY KEY,
    phone         VARCHAR(15) NOT NULL,
    operator_code VARCHAR(3),
    tags          TEXT[]      NOT NULL,
    time_zone     VARCHAR(64) NOT NULL,
    active        BOOLEAN     NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL,
    changed_at    TIMESTAMPTZ,
    removed_at    TIMESTAMPTZ,
    last_position BIGINT      NOT NULL
);
CREATE INDEX customer_listing ON customer (registered_at, id) WHERE active;
CREATE INDEX customer_tags ON customer USING GIN (tags) WHERE active;
CREATE INDEX customer_operator ON customer (operator_code) WHERE active;

-- Mailouts as their own events describe them (query-mailouts).
CREATE TABLE mailout (
    id                    UUID PRIMARY KEY,
    text                  TEXT        NOT NULL,
    start_at              TIMESTAMPTZ NOT NULL,
    end_at                TIMESTAMPTZ NOT NULL,
    operator_codes        TEXT[]      NOT NULL,
    tags                  TEXT[]      NOT NULL,
    window_from           TIME,
    window_to             TIME,
    include_late_joiners  BOOLEAN     NOT NULL,
    status                VARCHAR(16) NOT NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    changed_at            TIMESTAMPTZ,
    started_at            TIMESTAMPTZ,
    paused_at             TIMESTAMPTZ,
    resumed_at            TIMESTAMPTZ,
    cancelled_at          TIMESTAMPTZ,
    closed_at             TIMESTAMPTZ,
    last_position         BIGINT      NOT NULL
);
CREATE INDEX mailout_listing ON mailout (created_at DESC, id);
CREATE INDEX mailout_by_status ON mailout (status, created_at DESC, id);

-- Each mailout's message figures, kept incrementally as message events arrive (one row per mailout, written once
-- per processed batch), so reading them never counts messages.
CREATE TABLE mailout_statistics (
    mailout_id        UUID PRIMARY KEY,
    queued            BIGINT NOT NULL DEFAULT 0,
    deferred          BIGINT NOT NULL DEFAULT 0,
    retrying          BIGINT NOT NULL DEFAULT 0,
    sent              BIGINT NOT NULL DEFAULT 0,
    failed            BIGINT NOT NULL DEFAULT 0,
    expired           BIGINT NOT NULL DEFAULT 0,
    cancelled         BIGINT NOT NULL DEFAULT 0,
    attempts          BIGINT NOT NULL DEFAULT 0,
    failed_attempts   BIGINT NOT NULL DEFAULT 0,
    first_queued_at   TIMESTAMPTZ,
    last_sent_at      TIMESTAMPTZ,
    last_finished_at  TIMESTAMPTZ,
    dispatch_completed_at TIMESTAMPTZ
);

-- Why attempts and messages of a mailout failed, by error kind.
CREATE TABLE mailout_failure (
    mailout_id      UUID        NOT NULL,
    error_kind      VARCHAR(32) NOT NULL,
    failed_attempts BIGINT      NOT NULL DEFAULT 0,
    failed_messages BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (mailout_id, error_kind)
);

-- One row per message (query-mailouts, which reads each mailout's events in one sequence).
CREATE TABLE message (
    id                UUID PRIMARY KEY,
    mailout_id        UUID        NOT NULL,
    customer_id       UUID        NOT NULL,
    phone             VARCHAR(15) NOT NULL,
    status            VARCHAR(16) NOT NULL,
    attempts          INT         NOT NULL,
    queued_at         TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    next_attempt_at   TIMESTAMPTZ,
    sent_at           TIMESTAMPTZ,
    finished_at       TIMESTAMPTZ,
    last_error_kind   VARCHAR(32),
    last_error_detail TEXT,
    last_error_at     TIMESTAMPTZ,
    reason            TEXT,
    queued_position   BIGINT      NOT NULL,
    last_position     BIGINT      NOT NULL
);
CREATE INDEX message_by_mailout ON message (mailout_id, queued_position);
CREATE INDEX message_by_mailout_status ON message (mailout_id, status, queued_position);

-- The audit index (query-audit): every event, findable by the mailout, message and customer it concerns. A
-- message's events are indexed under its mailout and its customer too.
CREATE TABLE audit_event (
    position    BIGINT PRIMARY KEY,
    event_id    VARCHAR(255) NOT NULL,
    occurred_at TIMESTAMPTZ  NOT NULL,
    type        VARCHAR(255) NOT NULL,
    mailout_id  UUID,
    message_id  UUID,
    customer_id UUID,
    payload     JSONB        NOT NULL,
    metadata    JSONB        NOT NULL
);
CREATE INDEX audit_by_mailout ON audit_event (mailout_id, position) WHERE mailout_id IS NOT NULL;
CREATE INDEX audit_by_message ON audit_event (message_id, position) WHERE message_id IS NOT NULL;
CREATE INDEX audit_by_customer ON audit_event (customer_id, position) WHERE customer_id IS NOT NULL;

-- How many events each trail holds, so a trail's page can say its total without counting.
CREATE TABLE audit_trail_size (
    subject    VARCHAR(16) NOT NULL,
    subject_id UUID        NOT NULL,
    events     BIGINT      NOT NULL,
    PRIMARY KEY (subject, subject_id)
);
