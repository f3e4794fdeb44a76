package io.mailing.standalone;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Random requests to every write endpoint, valid and invalid, from one seed: the same seed gives the same requests
 * (given the same ids to aim at). JSON is written by hand so that it can hold what a JSON library would not write:
 * duplicate keys, lone surrogates, truncated documents, bytes that are not UTF-8.
 */
final class FuzzRequests {

    /**
     * One HTTP request; {@code chunked} sends the body without a Content-Length; {@code idempotencyKey}, when not
     * {@code null}, goes in the header of that name.
     */
    record Request(
            String method, String path, String contentType, byte[] body, boolean chunked, String idempotencyKey) {

        String describe() {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            String shown = text.length() > 300 ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text;
            return method + " " + path + (chunked ? " (chunked) " : " ")
                    + (idempotencyKey == null ? "" : "[Idempotency-Key " + idempotencyKey + "] ") + shown;
        }

        Request withIdempotencyKey(String key) {
            return new Request(method, path, contentType, body, chunked, key);
        }
    }

    private static final String[] ZONES = {
        "UTC", "Europe/Moscow", "+03:00", "Z", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham"
    };
    private static final String[] TAGS = {"fuzz", "vip", "a.b", "тег", "x_1", "night-owl", "k:v"};
    private static final String[] ODD = {
        "\u0000",
        "\u0001",
        "\u0007",
        "\u001b",
        "\u001f",
        "\u007f",
        "\u0085",
        "\u009f",
        "\r",
        "\n",
        "\t",
        "\u2028",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\ufffe",
        "\uffff",
        "\ud800",
        "\udfff",
        "\ud83d",
        "\ude00",
        "😀",
        "👩‍👩‍👧",
        "e\u0301",
        "\\",
        "\"",
        "'",
        "%00",
        "<script>",
        "𝔘𝔫𝔦"
    };

    /**
     * How large a body grows: mostly past the single write's limit, now and then past the import's, yet sizes the
     * two-core machine takes in its stride.
     */
    private static final int SMALL_BUDGET = 96 * 1024;

    private static final int LARGE_BUDGET = 12 * 1024 * 1024;

    private final SplittableRandom random;
    private final Instant now = Instant.now();
    private int budget;

    FuzzRequests(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next request; {@code ids} are the ids to aim the requests that take one at (of every kind, mixed). */
    Request next(List<String> ids) {
        budget = chance(2) ? LARGE_BUDGET : SMALL_BUDGET;
        int kind = random.nextInt(100);
        if (kind < 18) {
            return json("POST", "/api/v1/customers", customer());
        }
        if (kind < 24) {
            return json("PUT", "/api/v1/customers/" + id(ids), customer());
        }
        if (kind < 27) {
            return json("DELETE", "/api/v1/customers/" + id(ids), null);
        }
        if (kind < 33) {
            return json("POST", "/api/v1/customers/import", importBody());
        }
        if (kind < 51) {
            return json("POST", "/api/v1/mailouts", mailout());
        }
        if (kind < 57) {
            return json("PUT", "/api/v1/mailouts/" + id(ids), mailout());
        }
        if (kind < 60) {
            return json("DELETE", "/api/v1/mailouts/" + id(ids), null);
        }
        if (kind < 72) {
            String action = pick(new String[] {"start", "pause", "resume", "follow-ups"});
            return json("POST", "/api/v1/mailouts/" + id(ids) + "/" + action, chance(10) ? value(2) : null);
        }
        if (kind < 84) {
            Request oneOff = json("POST", "/api/v1/messages", oneOff(ids));
            return chance(60) ? oneOff.withIdempotencyKey(idempotencyKey()) : oneOff;
        }
        if (kind < 89) {
            return json("POST", "/api/v1/opt-outs", optOut());
        }
        if (kind < 92) {
            return json("DELETE", "/api/v1/opt-outs/" + pathSegment(channel()) + "/" + pathSegment(address()), null);
        }
        if (kind < 95) {
            return json("POST", "/api/v1/opt-outs/import", optOutImport());
        }
        if (kind < 97) {
            return new Request(
                    chance(50) ? "GET" : "POST", "/unsubscribe/" + unsubscribeToken(), "", null, false, null);
        }
        return json("POST", "/api/v1/auth/token", login());
    }

    /** A valid customer with this tag, who can receive a mailout. */
    static String validCustomer(String phone, String tag) {
        return "{\"phone\":\"" + phone + "\",\"operatorCode\":\"916\",\"tags\":[\"" + tag + "\"],\"timeZone\":\"UTC\"}";
    }

    private Request json(String method, String path, String body) {
        boolean chunked = body != null && chance(15);
        String contentType = chance(3) ? pick(new String[] {"text/plain", "application/xml", ""}) : "application/json";
        if (body == null) {
            return new Request(method, path, contentType, null, false, null);
        }
        return new Request(method, path, contentType, mangle(body), chunked, null);
    }

    /** Usually the document as it is; sometimes broken as a whole. */
    private byte[] mangle(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!chance(8)) {
            return bytes;
        }
        return switch (random.nextInt(7)) {
            case 0 -> body.substring(0, random.nextInt(body.length() + 1)).getBytes(StandardCharsets.UTF_8);
            case 1 -> new byte[0];
            case 2 -> new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}'};
            case 3 -> ("\ufeff" + body).getBytes(StandardCharsets.UTF_8);
            case 4 -> (body + " " + body).getBytes(StandardCharsets.UTF_8);
            case 5 -> "[".repeat(random.nextInt(2_000, budget)).getBytes(StandardCharsets.UTF_8);
            default ->
                pick(new String[] {"null", "[]", "42", "\"x\"", "{}", "true"}).getBytes(StandardCharsets.UTF_8);
        };
    }

    private String customer() {
        Fields fields = new Fields();
        fields.add("phone", () -> chance(80) ? quote(phone()) : value(2));
        fields.add("email", () -> chance(40) ? quote(email()) : chance(70) ? "null" : value(2));
        fields.add("operatorCode", () -> chance(70) ? quote(digits(3)) : value(2));
        fields.add("tags", () -> chance(70) ? tags(4) : array(junkCount(), () -> chance(50) ? quote(tag()) : value(1)));
        fields.add("timeZone", () -> chance(80) ? quote(pick(ZONES)) : value(2));
        return fields.object();
    }

    private String importBody() {
        int rows = chance(85) ? random.nextInt(1, 12) : junkCount();
        return array(rows, () -> chance(90) ? customer() : value(2));
    }

    private String mailout() {
        Instant start =
                chance(60) ? now.minus(Duration.ofMinutes(1)) : now.plus(Duration.ofMinutes(random.nextInt(1, 600)));
        Instant end = start.plus(Duration.ofMinutes(random.nextInt(1, 120)));
        Fields fields = new Fields();
        fields.add("text", () -> chance(70) ? quote(text()) : value(2));
        emailContent(fields);
        fields.add("startAt", () -> chance(75) ? quote(start.toString()) : timestamp());
        fields.add("endAt", () -> chance(75) ? quote(end.toString()) : timestamp());
        fields.add("filter", () -> chance(80) ? filter() : value(3));
        fields.add("deliveryWindow", () -> chance(70) ? window() : value(2));
        fields.add("includeLateJoiners", () -> chance(80) ? String.valueOf(random.nextBoolean()) : value(1));
        return fields.object();
    }

    private String filter() {
        Fields fields = new Fields();
        fields.add(
                "operatorCodes",
                () -> chance(70)
                        ? array(random.nextInt(0, 3), () -> quote(digits(3)))
                        : array(junkCount(), () -> chance(50) ? quote(digits(3)) : value(1)));
        fields.add("tags", () -> chance(70) ? tags(3) : array(junkCount(), () -> chance(50) ? quote(tag()) : value(1)));
        return fields.object();
    }

    private String window() {
        Fields fields = new Fields();
        fields.add(
                "from",
                () -> chance(80)
                        ? quote(String.format("%02d:%02d", random.nextInt(24), random.nextInt(60)))
                        : value(1));
        fields.add(
                "to",
                () -> chance(80)
                        ? quote(String.format("%02d:%02d", random.nextInt(24), random.nextInt(60)))
                        : value(1));
        return fields.object();
    }

    private String oneOff(List<String> ids) {
        Fields fields = new Fields();
        boolean email = emailContent(fields);
        fields.add("to", () -> switch (random.nextInt(6)) {
            case 0 -> quote(id(ids));
            case 1, 2 -> quote(email ? email() : phone());
            case 3 -> quote(address());
            case 4 -> quote(oddString());
            default -> value(2);
        });
        fields.add("text", () -> chance(75) ? quote(text()) : value(2));
        if (chance(50)) {
            fields.add(
                    "sendBefore",
                    () -> chance(70)
                            ? quote(now.plus(Duration.ofMinutes(random.nextInt(1, 12_000)))
                                    .toString())
                            : timestamp());
        }
        return fields.object();
    }

    /**
     * A channel, and an e-mail's subject and HTML body that mostly go with it: now and then an SMS with them, an
     * e-mail without, or either odd.
     *
     * @return whether the channel chosen is EMAIL
     */
    private boolean emailContent(Fields fields) {
        String channel = channel();
        boolean email = channel.equals("EMAIL");
        if (!channel.equals("SMS") || chance(60)) {
            fields.add("channel", () -> quoteOrOdd(channel));
        }
        if (email ? chance(90) : chance(5)) {
            fields.add("subject", () -> chance(80) ? quote(subject()) : value(2));
        }
        if (email ? chance(50) : chance(5)) {
            fields.add("html", () -> chance(80) ? quote(html()) : value(2));
        }
        return email;
    }

    private String optOut() {
        Fields fields = new Fields();
        fields.add("channel", () -> quoteOrOdd(channel()));
        fields.add("address", () -> chance(80) ? quote(address()) : value(2));
        return fields.object();
    }

    private String optOutImport() {
        Fields fields = new Fields();
        fields.add("channel", () -> quoteOrOdd(channel()));
        fields.add(
                "addresses",
                () -> chance(80)
                        ? array(random.nextInt(0, 40), () -> quote(address()))
                        : array(junkCount(), () -> chance(50) ? quote(address()) : value(1)));
        return fields.object();
    }

    /** A channel's name, or one that is not. */
    private String channel() {
        return chance(85) ? pick(new String[] {"SMS", "EMAIL"}) : pick(new String[] {"sms", "FAX", "", "EMAIL "});
    }

    private String quoteOrOdd(String raw) {
        return chance(85) ? quote(raw) : value(1);
    }

    /** A phone, an e-mail address or something like either. */
    private String address() {
        return switch (random.nextInt(5)) {
            case 0, 1 -> phone();
            case 2, 3 -> email();
            default -> oddString();
        };
    }

    private String email() {
        return switch (random.nextInt(8)) {
            case 0 -> "fuzz" + digits(6) + "@example.com";
            case 1 -> "Fuzz." + digits(4) + "+tag@Example.COM";
            case 2 -> "x".repeat(random.nextInt(60, 300)) + "@example.com";
            case 3 -> "no-at-sign.example.com";
            case 4 -> "a@b@example.com";
            case 5 -> "fuzz" + pick(ODD) + "@example.com";
            case 6 -> "fuzz@example.com\r\nBcc: victim@example.com";
            default -> "fuzz" + digits(3) + "@" + pick(new String[] {"localhost", "例え.jp", "[127.0.0.1]", "x"});
        };
    }

    private String subject() {
        return chance(70) ? "Fuzz " + digits(3) : "Fuzz" + pick(ODD) + pick(new String[] {"\r\nBcc: x@y.z", "", "x"});
    }

    private String html() {
        return pick(new String[] {
            "<p>Fuzz</p>", "<p>" + pick(ODD) + "</p>", "<script>alert(1)</script>", "<p>unclosed", "&amp;&#0;"
        });
    }

    /** What an Idempotency-Key header may hold: mostly a UUID, sometimes a repeat, sometimes junk. */
    private String idempotencyKey() {
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> UUID.randomUUID().toString();
            case 3 -> "fuzz-key-" + random.nextInt(5);
            case 4 -> "k".repeat(random.nextInt(200, 400));
            default -> pick(new String[] {" ", "x y", "a,b", "\"quoted\"", "#"});
        };
    }

    /** An unsubscribe link's token that was never signed: garbage, odd, long, or a signed link's shape. */
    private String unsubscribeToken() {
        return switch (random.nextInt(5)) {
            case 0 -> UUID.randomUUID().toString().replace("-", "") + "." + digits(20);
            case 1 -> "x".repeat(random.nextInt(1, 5_000));
            case 2 -> pathSegment(oddString());
            case 3 -> "%2e%2e%2f%2e%2e%2fapi%2fv1%2fcustomers";
            default ->
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(digits(60).getBytes());
        };
    }

    /** Text as a URL path segment: percent-encoded so that any of it reaches the server. */
    private static String pathSegment(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String login() {
        Fields fields = new Fields();
        fields.add("username", () -> chance(50) ? quote("admin") : chance(50) ? quote(oddString()) : value(1));
        fields.add("password", () -> chance(30) ? quote("wrong") : chance(50) ? quote(oddString()) : value(1));
        return fields.object();
    }

    private String tags(int max) {
        return array(random.nextInt(0, max), () -> quote(tag()));
    }

    private String tag() {
        return chance(80) ? pick(TAGS) : oddString();
    }

    private String text() {
        StringBuilder text = new StringBuilder("Fuzz ");
        int parts = random.nextInt(0, 6);
        for (int i = 0; i < parts; i++) {
            text.append(
                    chance(70) ? pick(new String[] {"sale ", "привет ", "\n", "\t", "😀", "-30% ", "ñ"}) : pick(ODD));
        }
        return text.toString();
    }

    /** A timestamp that is odd: far in the past or future, without an offset, a number, a date only. */
    private String timestamp() {
        return switch (random.nextInt(9)) {
            case 0 -> quote("+999999999-12-31T23:59:59.999999999-18:00");
            case 1 -> quote("-999999999-01-01T00:00:00+18:00");
            case 2 -> quote(String.format("%+d-06-01T12:00:00Z", random.nextInt(-300_000, 300_000)));
            case 3 -> quote(String.format("%04d-01-01T00:00:00Z", random.nextInt(0, 10_000)));
            case 4 -> quote("2030-01-01T10:00:00");
            case 5 -> String.valueOf(random.nextLong());
            case 6 -> quote("2030-02-30T10:00:00Z");
            case 7 -> quote("1970-01-01T00:00:00Z");
            default -> value(1);
        };
    }

    /** Any JSON value, nested up to {@code depth}. */
    private String value(int depth) {
        int kind = random.nextInt(depth > 0 ? 12 : 9);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> pick(new String[] {"0", "-1", "916", "-916", "2147483648", "9223372036854775808", "1e400"});
            case 3 -> pick(new String[] {"1.5", "-0.0", "1e-400", "79161234567", "0.916e3"});
            case 4, 5, 6 -> quote(oddString());
            case 7 -> quote("");
            case 8 -> quote(" ".repeat(random.nextInt(1, 5)));
            case 9 -> array(random.nextInt(0, 4), () -> value(depth - 1));
            case 10 -> "{\"" + oddKey() + "\":" + value(depth - 1) + "}";
            default -> array(junkCount(), () -> value(0));
        };
    }

    private String oddString() {
        return switch (random.nextInt(6)) {
            case 0 -> pick(ODD);
            case 1 -> "x".repeat(random.nextInt(60, Math.max(61, budget / 2)));
            case 2 -> pick(ODD).repeat(random.nextInt(1, 2_000));
            case 3 -> "tag" + pick(ODD) + "x";
            case 4 -> digits(random.nextInt(1, 40));
            default -> {
                StringBuilder mixed = new StringBuilder();
                int length = random.nextInt(1, 30);
                for (int i = 0; i < length; i++) {
                    mixed.append(chance(30) ? pick(ODD) : (char) random.nextInt(0x20, 0x7f));
                }
                yield mixed.toString();
            }
        };
    }

    private String oddKey() {
        return escape(chance(50) ? "unknown" : oddString().substring(0, 1));
    }

    /** Usually small; sometimes just past a limit, sometimes far past it. */
    private int junkCount() {
        return switch (random.nextInt(5)) {
            case 0 -> random.nextInt(0, 30);
            case 1 -> 10_001;
            case 2 -> random.nextInt(50, 300);
            case 3 -> random.nextInt(1_000, 20_000);
            default -> random.nextInt(0, 3);
        };
    }

    private String id(List<String> ids) {
        int kind = random.nextInt(10);
        if (kind < 6 && !ids.isEmpty()) {
            return ids.get(random.nextInt(ids.size()));
        }
        return switch (kind) {
            case 6 -> UUID.randomUUID().toString();
            case 7 -> UUID.randomUUID().toString().toUpperCase();
            case 8 ->
                pick(new String[] {
                    "abc",
                    "0",
                    "-1",
                    "%00",
                    "%20",
                    "%F0%9F%98%80",
                    "..",
                    "%2e%2e",
                    "null",
                    "x".repeat(3_000),
                    "00000000-0000-0000-0000-000000000000",
                    "%7B" + UUID.randomUUID() + "%7D",
                    "1-2-3-4-5"
                });
            default -> UUID.randomUUID().toString().replace("-", "");
        };
    }

    private String phone() {
        return switch (random.nextInt(4)) {
            case 0 -> "+7 (9" + digits(2) + ") " + digits(3) + "-" + digits(2) + "-" + digits(2);
            case 1 -> "1" + digits(random.nextInt(10, 15));
            default -> "79" + digits(9);
        };
    }

    private String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private String array(int size, Supplier<String> element) {
        StringBuilder array = new StringBuilder("[");
        for (int i = 0; i < size && array.length() < budget; i++) {
            if (i > 0) {
                array.append(',');
            }
            array.append(element.get());
        }
        return array.append(']').toString();
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String quote(String raw) {
        return "\"" + escape(raw) + "\"";
    }

    /**
     * JSON string content: quotes, backslashes and control characters escaped, and lone surrogates too (a JSON text
     * can carry them only as escapes); everything else as it is, in UTF-8.
     */
    private static String escape(String raw) {
        StringBuilder escaped = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean paired =
                    Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))
                            || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(raw.charAt(i - 1));
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !paired) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /** An object's members, in a random order, some left out, some twice, some unknown. */
    private final class Fields {

        private final List<String> members = new ArrayList<>();

        void add(String name, Supplier<String> value) {
            if (chance(7)) {
                return;
            }
            members.add("\"" + name + "\":" + value.get());
            if (chance(3)) {
                members.add("\"" + name + "\":" + value.get());
            }
        }

        String object() {
            if (chance(3)) {
                members.add("\"" + oddKey() + "\":" + value(1));
            }
            for (int i = members.size() - 1; i > 0; i--) {
                if (chance(20)) {
                    int j = random.nextInt(i + 1);
                    String swapped = members.get(i);
                    members.set(i, members.get(j));
                    members.set(j, swapped);
                }
            }
            return "{" + String.join(",", members) + "}";
        }
    }
}
