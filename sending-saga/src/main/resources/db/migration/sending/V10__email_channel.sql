-- A mailout goes out by SMS or by e-mail (mailout and message events of revision 2). The channel and the e-mail
-- content are the mailout's, kept once here; a queued e-mail keeps its address, a text message its phone.
ALTER TABLE dispatch_mailout ADD COLUMN channel VARCHAR(8) NOT NULL DEFAULT 'SMS';
ALTER TABLE dispatch_mailout ADD COLUMN subject TEXT;
ALTER TABLE dispatch_mailout ADD COLUMN html TEXT;
ALTER TABLE delivery_queue ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE delivery_queue ADD COLUMN email VARCHAR(254);
