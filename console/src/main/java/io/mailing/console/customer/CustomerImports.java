package io.mailing.console.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.console.customer.CustomerCsv.Row;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import io.mailing.console.platform.PlatformUnavailable;
import io.mailing.console.platform.SignedOut;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Runs CSV imports in the background, {@value #CHUNK} rows per call to the command API's streamed import
 * ({@code POST /api/v1/customers/import/stream}, as JSON lines: the file's rows as the console read them, so its
 * lenient reading of the file stays the console's own), with the uploading user's token (their security context goes
 * along with the work). A call per chunk, rather than the whole file in one, is what lets the page show progress and
 * the refused rows while the import runs; a chunk is one batch (one transaction) on the platform's side. A platform
 * that runs as many imports as it allows at once (429) is asked again after a pause, a few times. Bounded: {@value #WORKERS} imports run at once and {@value #WAITING}
 * wait; beyond that a new one is refused as {@link Busy}. A session has at most one import running; its latest is
 * kept in the session for the page that shows its progress.
 */
@Component
class CustomerImports implements DisposableBean {

    static final int CHUNK = 500;
    static final int WORKERS = 2;
    static final int WAITING = 8;

    private static final MediaType JSON_LINES = MediaType.parseMediaType("application/x-ndjson");
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int BUSY_RETRIES = 20;
    private static final Duration BUSY_PAUSE = Duration.ofSeconds(3);

    private static final String SESSION_KEY = CustomerImports.class.getName();
    private static final Logger log = LoggerFactory.getLogger(CustomerImports.class);

    private final PlatformClient platform;
    private final ObjectMapper json;
    private final ThreadPoolExecutor workers;

    CustomerImports(PlatformClient platform, ObjectMapper json) {
        this.platform = platform;
        this.json = json;
        AtomicInteger count = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(
                WORKERS,
                WORKERS,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING),
                work -> {
                    Thread thread = new Thread(work, "customer-import-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** The session's latest import, running or done, or {@code null}. */
    ImportJob.Progress latest(HttpSession session) {
        return session.getAttribute(SESSION_KEY) instanceof ImportJob job ? job.progress() : null;
    }

    /**
     * Queues the import of {@code file}; {@link AlreadyRunning} while the session's previous import runs,
     * {@link Busy} when every worker and waiting place is taken.
     */
    void start(HttpSession session, String fileName, CustomerCsv file) {
        ImportJob job = new ImportJob(fileName, file.rows());
        synchronized (this) {
            if (session.getAttribute(SESSION_KEY) instanceof ImportJob previous && previous.running()) {
                throw new AlreadyRunning(previous.progress().fileName());
            }
            try {
                workers.execute(new DelegatingSecurityContextRunnable(
                        () -> run(job, file), SecurityContextHolder.getContext()));
            } catch (RejectedExecutionException full) {
                throw new Busy();
            }
            session.setAttribute(SESSION_KEY, job);
        }
    }

    private void run(ImportJob job, CustomerCsv file) {
        job.start();
        List<Row> chunk = new ArrayList<>(CHUNK);
        try {
            file.each(row -> {
                if (row.error() != null) {
                    job.refused(List.of(new ImportJob.RowError(row.line(), CustomerCsv.ROW, row.error())));
                    return;
                }
                chunk.add(row);
                if (chunk.size() == CHUNK) {
                    send(chunk, job);
                    chunk.clear();
                }
            });
            if (!chunk.isEmpty()) {
                send(chunk, job);
            }
            job.finish();
        } catch (SignedOut expired) {
            job.failed("Your sign-in ended during the import: sign in again and import the rows not yet imported.");
        } catch (PlatformUnavailable | ApiProblem stopped) {
            job.failed("The platform stopped the import: " + stopped.getMessage());
        } catch (RuntimeException unexpected) {
            log.error("The import of {} failed", job.progress().fileName(), unexpected);
            job.failed("The import failed: " + unexpected.getMessage());
        }
    }

    /**
     * One call to the streamed import, a JSON line per row; its refusals are named by their line in the call, here by
     * their line in the file.
     */
    private void send(List<Row> chunk, ImportJob job) {
        byte[] body = jsonLines(chunk);
        ImportAnswer answer = null;
        for (int tries = 0; answer == null; tries++) {
            try {
                answer = platform.post(
                        uri -> uri.path("/api/v1/customers/import/stream"), JSON_LINES, body, ImportAnswer.class);
            } catch (ApiProblem problem) {
                if (problem.status() != TOO_MANY_REQUESTS || tries == BUSY_RETRIES) {
                    throw problem;
                }
                pause();
            }
        }
        job.imported(answer.accepted());
        for (ImportAnswer.Rejection rejection : answer.rejections()) {
            int line = chunk.get(rejection.line() - 1).line();
            job.refused(rejection.errors().stream()
                    .map(error -> new ImportJob.RowError(line, field(error.field()), error.message()))
                    .toList());
        }
        job.refusedUnlisted(answer.rejected() - answer.rejections().size());
    }

    private byte[] jsonLines(List<Row> chunk) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(chunk.size() * 100);
        try {
            for (Row row : chunk) {
                body.write(json.writeValueAsBytes(row.customer()));
                body.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return body.toByteArray();
    }

    private static void pause() {
        try {
            Thread.sleep(BUSY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformUnavailable("The import was interrupted", e);
        }
    }

    /** A field as the CSV's column: {@code tags[2]} is the tags column, the API's {@code body} the row. */
    private static String field(String apiField) {
        String column = CustomerForm.field(apiField);
        return column.isEmpty() ? CustomerCsv.ROW : column;
    }

    @Override
    public void destroy() {
        workers.shutdownNow();
    }

    /** The command API's answer to a streamed import (the first refused rows, by their line in the call). */
    record ImportAnswer(int accepted, int rejected, List<Rejection> rejections) {

        ImportAnswer {
            rejections = rejections == null ? List.of() : rejections;
        }

        record Rejection(int line, List<FieldError> errors, UUID existingId) {}

        record FieldError(String field, String message) {}
    }

    /** The session's previous import still runs. */
    static final class AlreadyRunning extends RuntimeException {

        AlreadyRunning(String fileName) {
            super("The import of " + fileName + " is still running: one import at a time");
        }
    }

    /** Every worker and every waiting place is taken. */
    static final class Busy extends RuntimeException {

        Busy() {
            super("The console is busy with other imports: try again in a minute");
        }
    }
}
