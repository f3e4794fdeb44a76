package io.mailing.query.audit;

import java.util.UUID;

/**
 * A trail: a subject and its id, ordered by subject then id, the order in which a batch writes its index rows and
 * size rows (so concurrent batches lock the rows they share in the same order).
 */
record TrailKey(Subject subject, UUID id) implements Comparable<TrailKey> {

    @Override
    public int compareTo(TrailKey other) {
        int bySubject = subject.compareTo(other.subject);
        return bySubject != 0 ? bySubject : id.compareTo(other.id);
    }
}
