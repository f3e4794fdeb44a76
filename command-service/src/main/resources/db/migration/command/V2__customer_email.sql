-- Set-based validation, as customer_phone: the e-mail addresses of active customers (in lower case), written in the
-- same transaction as the event that claims or frees one, so two customers can never hold one address.
CREATE TABLE customer_email (
    email       VARCHAR(254) PRIMARY KEY,
    customer_id UUID         NOT NULL UNIQUE
);
