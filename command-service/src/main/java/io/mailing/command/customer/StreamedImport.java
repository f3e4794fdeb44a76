package io.mailing.command.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Imports customers from a body read as a stream (CSV or JSON lines), a line at a time: each row is checked on its
 * own by the rules of every customer request and registered with others in batches ({@link CustomerBatches}); what
 * is kept in memory is one batch, one line and the answer's bounded list of refusals, whatever the body's length.
 *
 * <p>Bounded against hostile bodies: at most {@code max-concurrent} imports run on a node (one more is answered 429
 * at once, before its body is read), a line is at most {@code max-line-bytes} (a longer one is refused alone), an
 * import has at most {@code max-rows} rows and runs at most {@code max-duration}, and the platform caps its body's
 * bytes. An import stopped by one of these (or by its body breaking off, or by the database) keeps what it had
 * registered: every complete row before the stop was handled, and the problem document that answers it carries the
 * same counts and refusals as a finished import's answer, with the line it stopped at. Sending the same rows again is
 * safe: a phone already held is refused, never registered twice.
 */
@Component
class StreamedImport {

    private static final Logger log = LoggerFactory.getLogger(StreamedImport.class);

    private final ImportSettings settings;
    private final CustomerBatches batches;
    private final ObjectMapper json;
    private final Semaphore running;

    StreamedImport(ImportSettings settings, CustomerBatches batches, ObjectMapper json) {
        this.settings = settings;
        this.batches = batches;
        this.json = json;
        this.running = new Semaphore(settings.maxConcurrent());
    }

    /** Imports the body, of this media type ({@link ImportFormat#TEXT_CSV} or {@link ImportFormat#NDJSON}). */
    ResponseEntity<?> importAll(InputStream body, String mediaType) {
        if (!running.tryAcquire()) {
            ProblemDetail busy = ProblemDetail.forStatusAndDetail(
                    HttpStatus.TOO_MANY_REQUESTS,
                    settings.maxConcurrent() + " imports are running on this node already: try again later");
            busy.setType(URI.create("urn:mailing:problem:busy"));
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, "30")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(busy);
        }
        try {
            return new Run(body, ImportFormat.of(mediaType, json)).run();
        } finally {
            running.release();
        }
    }

    /** One import under way. */
    private final class Run {

        private final ImportLines lines;
        private final ImportFormat format;
        private final ImportAnswer.Tally tally = new ImportAnswer.Tally(settings.maxListedRejections());
        private final List<CustomerBatches.Row> batch = new ArrayList<>(settings.batchSize());
        private final Map<String, Object> metadata = EventMetadata.ofCurrentRequest();
        private final long deadline = System.nanoTime() + settings.maxDuration().toNanos();
        private boolean headerRead;
        private int rows;
        private RuntimeException failure;
        private int failedAt;

        Run(InputStream body, ImportFormat format) {
            this.lines = new ImportLines(body, settings.maxLineBytes());
            this.format = format;
        }

        ResponseEntity<?> run() {
            try {
                for (ImportLines.Line line = lines.next(); line != null; line = lines.next()) {
                    if (line.blank()) {
                        continue;
                    }
                    if (format.hasHeader() && !headerRead) {
                        if (line.error() != null) {
                            throw new InvalidInputException("header", line.error());
                        }
                        format.header(line.text());
                        headerRead = true;
                        continue;
                    }
                    if (++rows > settings.maxRows()) {
                        return stopped(
                                line.number(),
                                HttpStatus.PAYLOAD_TOO_LARGE,
                                "payload-too-large",
                                "An import has at most " + settings.maxRows() + " rows");
                    }
                    if (System.nanoTime() > deadline) {
                        return stopped(
                                line.number(),
                                HttpStatus.REQUEST_TIMEOUT,
                                "import-too-long",
                                "An import runs at most "
                                        + settings.maxDuration().toMinutes() + " minutes");
                    }
                    take(line);
                    if (failure != null) {
                        return failed();
                    }
                }
                if (format.hasHeader() && !headerRead) {
                    throw new InvalidInputException("header", "is required (phone,operatorCode,tags,timeZone)");
                }
                flush();
                return failure != null ? failed() : ResponseEntity.ok(tally.answer(lines.number()));
            } catch (InvalidInputException badHeader) {
                throw badHeader;
            } catch (PayloadTooLargeException e) {
                return stopped(lines.number() + 1, HttpStatus.PAYLOAD_TOO_LARGE, "payload-too-large", e.getMessage());
            } catch (IOException e) {
                log.info("An import's body broke off after line {}: {}", lines.number(), e.toString());
                return stopped(
                        lines.number() + 1,
                        HttpStatus.BAD_REQUEST,
                        "body-broken-off",
                        "The body broke off (" + e.getClass().getSimpleName() + ")");
            }
        }

        private void take(ImportLines.Line line) {
            if (line.error() != null) {
                tally.reject(ImportAnswer.Rejection.invalid(line.number(), ImportFormat.ROW, line.error()));
                return;
            }
            try {
                batch.add(new CustomerBatches.Row(
                        line.number(), format.read(line.text()).toDetails()));
            } catch (InvalidInputException e) {
                tally.reject(ImportAnswer.Rejection.invalid(line.number(), e));
            }
            if (batch.size() >= settings.batchSize()) {
                flush();
            }
        }

        private void flush() {
            if (batch.isEmpty()) {
                return;
            }
            CustomerBatches.Result result = batches.register(batch, metadata, line -> "line " + line);
            for (CustomerBatches.Outcome outcome : result.outcomes()) {
                if (outcome.rejection() == null) {
                    tally.accept();
                } else {
                    tally.reject(outcome.rejection());
                }
            }
            batch.clear();
            if (result.failure() != null && failure == null) {
                failure = result.failure();
                failedAt = result.firstNotHandled();
            }
        }

        /** The database failed a batch for no row's fault: the import stops there. */
        private ResponseEntity<?> failed() {
            log.warn("An import stopped at line {}: registering its rows failed", failedAt, failure);
            return stopped(
                    failedAt,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "unavailable",
                    "Registering the rows failed (the database is unavailable?)");
        }

        /**
         * Registers the complete rows read before the stop (unless the database failed), and answers with a problem document that carries the
         * import's counts and refusals so far.
         */
        private ResponseEntity<?> stopped(int at, HttpStatus status, String kind, String detail) {
            if (failure == null) {
                flush();
            }
            if (failure != null) {
                at = Math.min(at, failedAt);
            }
            ImportAnswer answer = tally.answer(lines.number());
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    status, detail + ": the rows before line " + at + " were handled, that line and the rest not");
            problem.setType(URI.create("urn:mailing:problem:" + kind));
            problem.setProperty("stoppedAtLine", at);
            problem.setProperty("lines", answer.lines());
            problem.setProperty("accepted", answer.accepted());
            problem.setProperty("rejected", answer.rejected());
            problem.setProperty("rejections", answer.rejections());
            problem.setProperty("moreRejections", answer.moreRejections());
            return ResponseEntity.status(status)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
    }
}
