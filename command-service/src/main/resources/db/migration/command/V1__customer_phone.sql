-- Set-based validation: the phone numbers of active customers, written in the same transaction as the event
-- that claims or frees a number, so two customers can never hold one number.
CREATE TABLE customer_phone (
    phone       VARCHAR(15) PRIMARY KEY,
    customer_id UUID        NOT NULL UNIQUE
);
