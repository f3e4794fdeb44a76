package io.mailing.query.audit;

import java.util.ArrayList;
import java.util.List;

/** One row of the audit index: positions of a trail's events, in order, from {@code first} to {@code last}. */
record IndexRow(TrailKey trail, long[] positions) {

    long first() {
        return positions[0];
    }

    long last() {
        return positions[positions.length - 1];
    }

    /** How far apart its first and last positions are. */
    long span() {
        return last() - first();
    }

    Long[] boxed() {
        Long[] boxed = new Long[positions.length];
        for (int i = 0; i < positions.length; i++) {
            boxed[i] = positions[i];
        }
        return boxed;
    }

    /**
     * The rows of one batch's positions of a trail (in stream order): as few as possible, none spanning more than
     * {@code maxSpan}.
     */
    static List<IndexRow> split(TrailKey trail, List<Long> positions, long maxSpan) {
        List<IndexRow> rows = new ArrayList<>(1);
        int from = 0;
        for (int i = 1; i <= positions.size(); i++) {
            if (i == positions.size() || positions.get(i) - positions.get(from) > maxSpan) {
                rows.add(new IndexRow(
                        trail,
                        positions.subList(from, i).stream()
                                .mapToLong(Long::longValue)
                                .toArray()));
                from = i;
            }
        }
        return rows;
    }
}
