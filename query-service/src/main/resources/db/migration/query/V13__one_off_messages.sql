-- One-off (transactional) messages: an application's single message to an address that may be no customer's. Their
-- figures are those of the standing mailouts of io.mailing.events.message.Transactional.
ALTER TABLE message ALTER COLUMN customer_id DROP NOT NULL;
