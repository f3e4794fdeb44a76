-- Follow-ups (processor "dispatch-audience", like the audience): a follow-up mailout is sent to the customers whose
-- messages of the mailout it follows up ended FAILED or EXPIRED.

-- Those customers, per mailout, as its message outcomes arrive.
CREATE TABLE undelivered (
    mailout_id  UUID NOT NULL,
    customer_id UUID NOT NULL,
    PRIMARY KEY (mailout_id, customer_id)
);

-- Which mailout each follow-up follows up.
CREATE TABLE follow_up (
    mailout_id   UUID PRIMARY KEY,
    follow_up_of UUID NOT NULL
);
CREATE INDEX follow_up_of ON follow_up (follow_up_of);

-- Whether every message of the mailout is final (MailoutCompleted): only then is its undelivered list complete, and
-- a follow-up that started before is released.
ALTER TABLE dispatch_mailout ADD COLUMN dispatch_completed BOOLEAN NOT NULL DEFAULT FALSE;
