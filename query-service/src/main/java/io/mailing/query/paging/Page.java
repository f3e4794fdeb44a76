package io.mailing.query.paging;

import java.util.List;

/** One page of a listing: its items, which page (from 0) of what size, and how many items there are in all. */
public record Page<T>(List<T> items, int page, int size, long total) {}
