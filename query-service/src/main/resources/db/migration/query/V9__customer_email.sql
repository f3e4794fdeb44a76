-- A customer may have an e-mail address besides or instead of a phone (customer events of revision 2).
ALTER TABLE customer ALTER COLUMN phone DROP NOT NULL;
ALTER TABLE customer ADD COLUMN email VARCHAR(254);
-- The directory's search by the start of an address, answered as a byte-wise range whatever the plan (as phones).
CREATE INDEX customer_email ON customer (email COLLATE "C") WHERE active;
