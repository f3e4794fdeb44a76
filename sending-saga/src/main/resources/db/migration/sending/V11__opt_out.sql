-- The opt-out list of each channel (AddressOptedOut, OptOutWithdrawn): a message whose address is on it when its
-- attempt is due is suppressed instead of sent. The address as the events name it: a phone's digits, an e-mail
-- address in lower case.
CREATE TABLE opt_out (
    channel      VARCHAR(8)   NOT NULL,
    address      VARCHAR(254) NOT NULL,
    opt_out_id   UUID         NOT NULL,
    source       VARCHAR(16)  NOT NULL,
    opted_out_at TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (channel, address)
);
