-- One-off (transactional) messages: sent on request of another application, each with its own text (and an e-mail's
-- subject and HTML body), to an address that may be no customer's. They belong to a standing mailout per channel
-- (io.mailing.events.message.Transactional), running until 2100 with no window, which delivery claims from like any
-- other; a one-off's own end (sendBefore) is its queue row's end_at.
ALTER TABLE delivery_queue ALTER COLUMN customer_id DROP NOT NULL;
ALTER TABLE delivery_queue ADD COLUMN text TEXT;
ALTER TABLE delivery_queue ADD COLUMN subject TEXT;
ALTER TABLE delivery_queue ADD COLUMN html TEXT;
INSERT INTO dispatch_mailout (mailout_id, text, operator_codes, tags, window_from, window_to, end_at, late_joiners,
                              audience_seq, state, channel)
VALUES ('7a0e0ff5-0000-4000-8000-000000000001', '', '{}', '{}', NULL, NULL, '2100-01-01T00:00:00Z', FALSE, 0,
        'RUNNING', 'SMS'),
       ('7a0e0ff5-0000-4000-8000-000000000002', '', '{}', '{}', NULL, NULL, '2100-01-01T00:00:00Z', FALSE, 0,
        'RUNNING', 'EMAIL')
ON CONFLICT (mailout_id) DO NOTHING;
-- The answers to one-off requests that carried an Idempotency-Key, per client, kept for a day: the same key with the
-- same request is answered the same again (nothing sent twice), with another request refused.
CREATE TABLE one_off_request (
    principal       TEXT         NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    BYTEA        NOT NULL,
    message_id      UUID         NOT NULL,
    answer          TEXT         NOT NULL,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, idempotency_key)
);
CREATE INDEX one_off_request_created ON one_off_request (created_at);
