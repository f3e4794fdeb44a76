package io.mailing.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * {@code POST /v1/send/{msgId}}, the provider contract: a bearer token, then a body {@code {"id", "phone", "text"}}
 * that agrees with the path, then the answer the current {@link Behaviour} draws. Only calls that pass both checks
 * are recorded; the others are counted as unauthorized or bad requests.
 */
final class SendEndpoint {

    static final String PATH = "/v1/send/";

    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String BEARER = "Bearer ";

    private static final Reply SERVER_ERROR = Json.error(500, "simulated server error");
    private static final Reply RATE_LIMITED =
            Json.error(429, "simulated rate limit").withHeader("Retry-After", "1");
    private static final Reply MALFORMED_BODY =
            new Reply(200, "text/html; charset=utf-8", Map.of(), "<html>oops</html>".getBytes(StandardCharsets.UTF_8));

    private final Ledger ledger;
    private final Replies replies;
    private volatile Behaviour behaviour;
    private volatile byte[] token;

    SendEndpoint(Ledger ledger, Replies replies, Behaviour behaviour, String token) {
        this.ledger = ledger;
        this.replies = replies;
        behave(behaviour);
        expectToken(token);
    }

    Behaviour behaviour() {
        return behaviour;
    }

    void behave(Behaviour behaviour) {
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour must not be null");
    }

    void expectToken(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("token must not be blank");
        }
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Handles one request whose path is {@link #PATH} followed by {@code msgId}, a single path segment. */
    void handle(HttpExchange exchange, String msgId) throws IOException {
        Instant receivedAt = Instant.now();
        if (!"POST".equals(exchange.getRequestMethod())) {
            Json.error(405, "use POST").withHeader("Allow", "POST").sendTo(exchange);
            return;
        }
        byte[] body = readBody(exchange);
        String refusal = authorizationProblem(exchange.getRequestHeaders().getFirst("Authorization"));
        if (refusal != null) {
            ledger.unauthorized();
            Json.error(401, refusal).withHeader("WWW-Authenticate", "Bearer").sendTo(exchange);
            return;
        }
        SendRequest request;
        try {
            request = SendRequest.parse(msgId, body);
        } catch (InvalidRequest e) {
            ledger.badRequest();
            Json.error(400, e.getMessage()).sendTo(exchange);
            return;
        }
        Behaviour current = behaviour;
        RandomGenerator random = ThreadLocalRandom.current();
        Outcome outcome = Chance.outcome(current, random);
        ledger.record(request.msgId(), request.phone(), request.text(), receivedAt, outcome);
        if (outcome == Outcome.TIMEOUT) {
            replies.hold(exchange, current.timeoutHold());
        } else {
            replies.answer(exchange, replyFor(outcome), Chance.latencyNanos(current, random));
        }
    }

    private String authorizationProblem(String authorization) {
        if (authorization == null) {
            return "missing bearer token";
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return "Authorization must be a bearer token";
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, token) ? null : "invalid bearer token";
    }

    private static Reply replyFor(Outcome outcome) {
        return switch (outcome) {
            case DELIVERED -> Reply.OK;
            case SERVER_ERROR -> SERVER_ERROR;
            case RATE_LIMITED -> RATE_LIMITED;
            case MALFORMED_BODY -> MALFORMED_BODY;
            case TIMEOUT -> throw new IllegalArgumentException("a timeout has no reply");
        };
    }

    /** Reads at most {@link #MAX_BODY_BYTES} and one more, so an oversized body is recognised without reading it all. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readNBytes(MAX_BODY_BYTES + 1);
        }
    }

    /** A valid body of {@code POST /v1/send/{msgId}}. */
    private record SendRequest(long msgId, long phone, String text) {

        static SendRequest parse(String pathMsgId, byte[] body) {
            long msgId;
            try {
                msgId = Long.parseLong(pathMsgId);
            } catch (NumberFormatException e) {
                throw new InvalidRequest("msgId in the path must be an int64, was '" + pathMsgId + "'");
            }
            if (body.length > MAX_BODY_BYTES) {
                throw new InvalidRequest("body must not exceed " + MAX_BODY_BYTES + " bytes");
            }
            if (body.length == 0) {
                throw new InvalidRequest("body is empty; expected {\"id\", \"phone\", \"text\"}");
            }
            ObjectNode json = Json.object(body);
            long id = int64(json, "id");
            if (id != msgId) {
                throw new InvalidRequest("id " + id + " does not match msgId " + msgId + " in the path");
            }
            long phone = int64(json, "phone");
            JsonNode text = json.get("text");
            if (text == null || text.isNull()) {
                throw new InvalidRequest("text is required");
            }
            if (!text.isTextual()) {
                throw new InvalidRequest("text must be a string, was " + text);
            }
            if (text.textValue().isBlank()) {
                throw new InvalidRequest("text must not be blank");
            }
            return new SendRequest(msgId, phone, text.textValue());
        }

        private static long int64(ObjectNode json, String field) {
            JsonNode value = json.get(field);
            if (value == null || value.isNull()) {
                throw new InvalidRequest(field + " is required");
            }
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                throw new InvalidRequest(field + " must be an int64, was " + value);
            }
            return value.longValue();
        }
    }
}
