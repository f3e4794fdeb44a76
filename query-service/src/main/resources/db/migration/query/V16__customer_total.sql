-- The number of active customers, kept by the customer projection (moved once per batch by the registrations it
-- inserted less the removals it applied), so that the directory's unfiltered page does not count every row: with a
-- million customers and no visibility map to answer from the index, that count read the whole table at each page.
CREATE TABLE customer_total (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    active   BIGINT  NOT NULL
);

INSERT INTO customer_total (active) SELECT count(*) FROM customer WHERE active;
