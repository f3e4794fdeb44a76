-- A mailout goes out by SMS or by e-mail (mailout events of revision 2); an e-mail mailout has a subject and may have
-- an HTML body.
ALTER TABLE mailout ADD COLUMN channel VARCHAR(8) NOT NULL DEFAULT 'SMS';
ALTER TABLE mailout ADD COLUMN subject TEXT;
ALTER TABLE mailout ADD COLUMN html TEXT;
