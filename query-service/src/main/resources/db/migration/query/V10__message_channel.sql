-- A message goes out by SMS or by e-mail (MessageQueued of revision 2): a text message has its phone, an e-mail its
-- address.
ALTER TABLE message ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE message ADD COLUMN channel VARCHAR(8) NOT NULL DEFAULT 'SMS';
ALTER TABLE message ADD COLUMN email VARCHAR(254);
