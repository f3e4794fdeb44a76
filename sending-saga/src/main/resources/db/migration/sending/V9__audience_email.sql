-- A customer may have an e-mail address besides or instead of a phone (customer events of revision 2); an SMS
-- mailout reaches only the customers who have a phone.
ALTER TABLE audience ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE audience ADD COLUMN email VARCHAR(254);
