package io.mailing.command.customer;

import java.util.ArrayList;
import java.util.List;

/**
 * An address that reaches one customer: a phone number or an e-mail address. No two active customers hold the same
 * one ({@link AddressRegistry}).
 */
record ContactAddress(Kind kind, String value) {

    /** The kinds of address, each with the request field that carries it and the registry table that holds it. */
    enum Kind {
        PHONE("phone", "Phone", "command.customer_phone", "phone"),
        EMAIL("email", "E-mail", "command.customer_email", "email");

        final String field;
        final String label;
        final String table;
        final String column;

        Kind(String field, String label, String table, String column) {
            this.field = field;
            this.label = label;
            this.table = table;
            this.column = column;
        }
    }

    static ContactAddress phone(String digits) {
        return new ContactAddress(Kind.PHONE, digits);
    }

    static ContactAddress email(String address) {
        return new ContactAddress(Kind.EMAIL, address);
    }

    /** The addresses an event names, leaving out the ones it has not. */
    static List<ContactAddress> of(String phone, String email) {
        List<ContactAddress> addresses = new ArrayList<>(2);
        if (phone != null) {
            addresses.add(phone(phone));
        }
        if (email != null) {
            addresses.add(email(email));
        }
        return addresses;
    }

    @Override
    public String toString() {
        return kind.label + " " + value;
    }
}
