package io.mailing.console.customer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One CSV import as it goes: how many of its rows were handled, imported and refused, the refused rows' errors (the
 * first {@value #MAX_ERRORS} of them), and why it stopped early, if it did. Written by the import's worker, read by
 * the page that shows its progress.
 */
final class ImportJob {

    static final int MAX_ERRORS = 500;

    private final String fileName;
    private final int total;
    private final List<RowError> errors = new ArrayList<>();
    private boolean started;
    private boolean finished;
    private int handled;
    private int imported;
    private int refused;
    private String failure;

    ImportJob(String fileName, int total) {
        this.fileName = fileName;
        this.total = total;
    }

    synchronized void start() {
        started = true;
    }

    synchronized void imported(int rows) {
        imported += rows;
        handled += rows;
    }

    /** A row refused, for each of these reasons (all naming its line). */
    synchronized void refused(List<RowError> reasons) {
        refused++;
        handled++;
        errors.addAll(reasons.subList(0, Math.min(reasons.size(), MAX_ERRORS - errors.size())));
    }

    /** Rows refused whose reasons the platform did not list (it lists the first ones of each call). */
    synchronized void refusedUnlisted(int rows) {
        refused += rows;
        handled += rows;
    }

    /** The import stopped before its end: what is imported stays, the rest was never sent. */
    synchronized void failed(String reason) {
        failure = reason;
        finished = true;
    }

    synchronized void finish() {
        finished = true;
    }

    synchronized boolean running() {
        return !finished;
    }

    synchronized Progress progress() {
        List<RowError> byRow =
                errors.stream().sorted(Comparator.comparingInt(RowError::row)).toList();
        return new Progress(fileName, total, handled, imported, refused, byRow, started, finished, failure);
    }

    /** A row the import could not take: its line in the file, the field at fault ({@code row}: all of it), why. */
    record RowError(int row, String field, String message) {}

    /** The import at one moment, for its page: its errors in the order of their rows. */
    record Progress(
            String fileName,
            int total,
            int handled,
            int imported,
            int refused,
            List<RowError> errors,
            boolean started,
            boolean finished,
            String failure) {

        public int percent() {
            return total == 0 ? 100 : (int) (100L * handled / total);
        }

        /** Only the first {@value ImportJob#MAX_ERRORS} errors are kept. */
        public boolean moreErrors() {
            return errors.size() == MAX_ERRORS;
        }
    }
}
