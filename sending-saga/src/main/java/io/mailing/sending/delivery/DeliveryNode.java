package io.mailing.sending.delivery;

/** This node, as its message leases name it. */
record DeliveryNode(String id) {}
