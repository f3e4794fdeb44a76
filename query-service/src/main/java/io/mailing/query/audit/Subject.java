package io.mailing.query.audit;

/**
 * What an audit trail is about; a trail holds every event that names its subject. A mailout, a message, a customer
 * and an opt-out are also aggregates, whose own events the event store finds by their id; a daily report is none.
 */
enum Subject {
    MAILOUT("mailouts", "Mailout"),
    MESSAGE("messages", "Message"),
    CUSTOMER("customers", "Customer"),
    REPORT("reports", null),
    OPT_OUT("opt-outs", "OptOut");

    private final String path;
    private final String aggregateType;

    Subject(String path, String aggregateType) {
        this.path = path;
        this.aggregateType = aggregateType;
    }

    /**
     * The subject named by its path segment ({@code mailouts}, {@code messages}, {@code customers}, {@code reports},
     * {@code opt-outs}).
     */
    static Subject of(String path) {
        for (Subject subject : values()) {
            if (subject.path.equals(path)) {
                return subject;
            }
        }
        throw new IllegalArgumentException("No audit subject " + path);
    }

    /**
     * The type under which the event store keeps this kind of subject's own events (the aggregate's class name, as
     * the command side's aggregate factories check it), {@code null} for a subject that is no aggregate.
     */
    String aggregateType() {
        return aggregateType;
    }
}
