package io.mailing.query.paging;

import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * A page asked for by {@code page} (from 0) and {@code size} (1 to {@value #MAX_SIZE}); anything else is a 400
 * naming the parameter.
 */
public record PageRequest(int page, int size) {

    public static final int MAX_SIZE = 1_000;

    /** The API documentation of the {@code page} parameter. */
    public static final String PAGE_PARAMETER = "which page, from 0";

    /** The API documentation of the {@code size} parameter. */
    public static final String SIZE_PARAMETER = "items per page, 1 to " + MAX_SIZE;

    private static final Violation SIZE = new Violation("size", "must be between 1 and " + MAX_SIZE);

    public PageRequest {
        List<Violation> violations = new ArrayList<>();
        if (page < 0) {
            violations.add(new Violation("page", "must be 0 or more"));
        }
        if (!isValidSize(size)) {
            violations.add(SIZE);
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /** How many items the pages before this one hold. */
    public long offset() {
        return (long) page * size;
    }

    /** This page of the items, of which there are {@code total}. */
    public <T> Page<T> of(List<T> items, long total) {
        return new Page<>(items, page, size, total);
    }

    /** A page size on its own (for cursor pages); a 400 naming {@code size} when it is out of range. */
    public static int size(int size) {
        if (!isValidSize(size)) {
            throw new InvalidInputException(List.of(SIZE));
        }
        return size;
    }

    private static boolean isValidSize(int size) {
        return size >= 1 && size <= MAX_SIZE;
    }
}
