package io.mailing.console.platform;

import java.util.List;

/** One page of a listing as the query API answers it. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = items == null ? List.of() : items;
    }

    public int pages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < pages();
    }
}
