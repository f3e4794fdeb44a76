package io.mailing.query.audit;

/** What an audit trail is about; a trail holds every event that names its subject. */
enum Subject {
    MAILOUT("mailouts", "mailout_id"),
    MESSAGE("messages", "message_id"),
    CUSTOMER("customers", "customer_id"),
    REPORT("reports", "report_id");

    private final String path;
    private final String column;

    Subject(String path, String column) {
        this.path = path;
        this.column = column;
    }

    /** The subject named by its path segment ({@code mailouts}, {@code messages}, {@code customers}, {@code reports}). */
    static Subject of(String path) {
        for (Subject subject : values()) {
            if (subject.path.equals(path)) {
                return subject;
            }
        }
        throw new IllegalArgumentException("No audit subject " + path);
    }

    /** The audit index's column that names this kind of subject. */
    String column() {
        return column;
    }
}
