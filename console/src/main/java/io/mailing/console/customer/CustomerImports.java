package io.mailing.console.customer;

import io.mailing.console.customer.CustomerCsv.Row;
import io.mailing.console.platform.ApiProblem;
import io.mailing.console.platform.PlatformClient;
import io.mailing.console.platform.PlatformUnavailable;
import io.mailing.console.platform.SignedOut;
import jakarta.servlet.http.HttpSession;
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
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Runs CSV imports in the background, {@value #CHUNK} rows per call to the command API's bulk import
 * ({@code POST /api/v1/customers/import}, at most 10,000 rows a call), with the uploading user's token (their
 * security context goes along with the work). Bounded: {@value #WORKERS} imports run at once and {@value #WAITING}
 * wait; beyond that a new one is refused as {@link Busy}. A session has at most one import running; its latest is
 * kept in the session for the page that shows its progress.
 */
@Component
class CustomerImports implements DisposableBean {

    static final int CHUNK = 500;
    static final int WORKERS = 2;
    static final int WAITING = 8;

    private static final String SESSION_KEY = CustomerImports.class.getName();
    private static final Logger log = LoggerFactory.getLogger(CustomerImports.class);

    private final PlatformClient platform;
    private final ThreadPoolExecutor workers;

    CustomerImports(PlatformClient platform) {
        this.platform = platform;
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

    /** One call to the bulk import; its refusals are named by their index in the call, here by their line. */
    private void send(List<Row> chunk, ImportJob job) {
        ImportAnswer answer = platform.post(
                uri -> uri.path("/api/v1/customers/import"),
                chunk.stream().map(Row::customer).toList(),
                ImportAnswer.class);
        job.imported(answer.accepted());
        for (ImportAnswer.Rejection rejection : answer.rejections()) {
            int line = chunk.get(rejection.index()).line();
            job.refused(rejection.errors().stream()
                    .map(error -> new ImportJob.RowError(line, field(error.field()), error.message()))
                    .toList());
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

    /** The command API's answer to a bulk import. */
    record ImportAnswer(int accepted, int rejected, List<Rejection> rejections) {

        ImportAnswer {
            rejections = rejections == null ? List.of() : rejections;
        }

        record Rejection(int index, List<FieldError> errors, UUID existingId) {}

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
