-- Phone search in the customer directory (GET /api/v1/customers?phone=<prefix>): the active customers whose phone
-- starts with the prefix, read as the range [prefix, prefix with its last digit + 1) in byte order, in phone order.
CREATE INDEX customer_phone ON customer (phone COLLATE "C") WHERE active;
