package io.mailing.query.audit;

/** What an audit trail is about; a trail holds every event that names its subject. */
enum Subject {
    MAILOUT("mailout_id"),
    MESSAGE("message_id"),
    CUSTOMER("customer_id");

    private final String column;

    Subject(String column) {
        this.column = column;
    }

    /** The audit index's column that names this kind of subject. */
    String column() {
        return column;
    }
}
