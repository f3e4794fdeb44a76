package io.mailing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console as operators use it, over plain HTTP like a browser without scripts: a session signed in through the
 * sign-in form (its CSRF token, the session cookie), pages rendered one after the other and timed, and open
 * dashboards that ask for what the page asks for live, as often as it says ({@code hx-trigger="every …"}).
 */
final class ConsoleLoad {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");
    private static final Pattern GET = Pattern.compile("hx-get=\"([^\"]+)\"");
    private static final Pattern EVERY = Pattern.compile("hx-trigger=\"every (\\d+(?:\\.\\d+)?)(ms|s)\"");

    private final String base;
    private final String username;
    private final String password;

    ConsoleLoad(String base, String username, String password) {
        this.base = base;
        this.username = username;
        this.password = password;
    }

    /** A page rendered {@code count} times one after the other, after {@code warmUp} untimed renders. */
    Latencies renders(String path, int warmUp, int count) {
        Session session = signIn();
        for (int i = 0; i < warmUp; i++) {
            session.get(path, false);
        }
        long[] nanos = new long[count];
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            session.get(path, false);
            nanos[i] = System.nanoTime() - start;
        }
        return Latencies.of("GET " + path, nanos, count, 0, (System.nanoTime() - started) / 1e9);
    }

    /**
     * {@code count} dashboards opened, each by its own signed-in session: what they ask for live, and how often.
     * Signing in and the first render are not part of what an open dashboard costs, so they are done here, before
     * {@link Dashboards#poll} is measured.
     */
    Dashboards dashboards(int count) {
        List<Poll> polls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            polls.addAll(signIn().polls("/"));
        }
        if (polls.isEmpty()) {
            throw new IllegalStateException("The dashboard asks for nothing live: no hx-trigger=\"every …\"");
        }
        return new Dashboards(polls);
    }

    /** Open dashboards: every live part of each. */
    static final class Dashboards {

        private final List<Poll> polls;

        private Dashboards(List<Poll> polls) {
            this.polls = polls;
        }

        /**
         * Every live part asked for at its page's interval, at random offsets, for {@code duration}; returns the
         * requests made and those that failed.
         */
        long[] poll(Duration duration) throws InterruptedException {
            AtomicLong requests = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            ScheduledExecutorService timer = Executors.newScheduledThreadPool(4);
            try {
                for (Poll poll : polls) {
                    long period = poll.every().toMillis();
                    timer.scheduleAtFixedRate(
                            () -> {
                                requests.incrementAndGet();
                                try {
                                    poll.session().get(poll.path(), true);
                                } catch (RuntimeException e) {
                                    errors.incrementAndGet();
                                }
                            },
                            ThreadLocalRandom.current().nextLong(period),
                            period,
                            TimeUnit.MILLISECONDS);
                }
                Thread.sleep(duration.toMillis());
            } finally {
                timer.shutdownNow();
                timer.awaitTermination(10, TimeUnit.SECONDS);
            }
            return new long[] {requests.get(), errors.get()};
        }
    }

    private Session signIn() {
        Session session = new Session();
        String page = session.get("/sign-in", false);
        session.post("/sign-in", page, "username=" + encode(username) + "&password=" + encode(password));
        if (session.get("/", false).contains("name=\"password\"")) {
            throw new IllegalStateException("The console did not sign " + username + " in");
        }
        return session;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** One live part of a page: what it asks for, and how often. */
    private record Poll(Session session, String path, Duration every) {}

    /** A browser's session: its cookie jar. Redirects are followed, as a browser does. */
    private final class Session {

        private final HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5))
                .build();

        String get(String path, boolean htmx) {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            if (htmx) {
                request.header("HX-Request", "true");
            }
            return body(request.GET().build());
        }

        void post(String path, String page, String form) {
            Matcher token = CSRF.matcher(page);
            if (!token.find()) {
                throw new IllegalStateException("No CSRF token in " + path);
            }
            body(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=" + encode(token.group(1))))
                    .build());
        }

        /** Every element of the page that asks for something on a timer. */
        List<Poll> polls(String path) {
            List<Poll> polls = new ArrayList<>();
            Matcher tag = TAG.matcher(get(path, false));
            while (tag.find()) {
                Matcher get = GET.matcher(tag.group());
                Matcher every = EVERY.matcher(tag.group());
                if (get.find() && every.find()) {
                    double amount = Double.parseDouble(every.group(1));
                    long millis = Math.round(every.group(2).equals("s") ? amount * 1000 : amount);
                    polls.add(new Poll(this, get.group(1).replace("&amp;", "&"), Duration.ofMillis(millis)));
                }
            }
            return polls;
        }

        private String body(HttpRequest request) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(
                            request.method() + " " + request.uri() + " answered " + response.statusCode());
                }
                return response.body();
            } catch (IOException e) {
                throw new UncheckedIOException(request.method() + " " + request.uri(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
