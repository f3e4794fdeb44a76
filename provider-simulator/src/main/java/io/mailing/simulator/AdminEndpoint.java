package io.mailing.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /simulator/*}: the {@link ProviderSimulator} API over HTTP, without authentication, for a simulator run on
 * its own. Errors have the contract's shape, {@code {"code", "message"}}.
 */
final class AdminEndpoint {

    static final String PREFIX = "/simulator/";

    /** How many calls {@code GET /simulator/calls} without a msgId returns: the latest ones. */
    static final int LATEST_CALLS = 1_000;

    private static final int MAX_BODY_BYTES = 64 * 1024;

    private final ProviderSimulator simulator;

    AdminEndpoint(ProviderSimulator simulator) {
        this.simulator = simulator;
    }

    void handle(HttpExchange exchange, String path) throws IOException {
        String method = exchange.getRequestMethod();
        switch (path) {
            case PREFIX + "stats" -> {
                if (allowed(exchange, "GET")) {
                    Json.ok(Json.stats(simulator.stats())).sendTo(exchange);
                }
            }
            case PREFIX + "calls" -> {
                if (allowed(exchange, "GET")) {
                    calls(exchange);
                }
            }
            case PREFIX + "behaviour" -> {
                if ("PUT".equals(method)) {
                    simulator.behave(Json.parseBehaviour(readBody(exchange)));
                    Json.ok(Json.behaviour(simulator.behaviour())).sendTo(exchange);
                } else if (allowed(exchange, "GET, PUT")) {
                    Json.ok(Json.behaviour(simulator.behaviour())).sendTo(exchange);
                }
            }
            case PREFIX + "reset" -> {
                if (allowed(exchange, "POST")) {
                    simulator.reset();
                    Reply.noContent().sendTo(exchange);
                }
            }
            default -> Json.error(404, "no such path: " + path).sendTo(exchange);
        }
    }

    /**
     * {@code ?msgId=<id>}: that msgId's counts and recorded calls; without it, the {@value #LATEST_CALLS} latest
     * recorded calls.
     */
    private void calls(HttpExchange exchange) {
        String msgId = queryParameter(exchange, "msgId");
        ObjectNode body = Json.object();
        if (msgId == null) {
            body.put("recorded", simulator.recordedCallCount());
            body.set("calls", Json.calls(simulator.latestCalls(LATEST_CALLS)));
        } else {
            long id;
            try {
                id = Long.parseLong(msgId);
            } catch (NumberFormatException e) {
                throw new InvalidRequest("msgId must be an int64, was '" + msgId + "'");
            }
            body.put("msgId", id)
                    .put("callCount", simulator.callCount(id))
                    .put("deliveryCount", simulator.deliveryCount(id));
            body.set("calls", Json.calls(simulator.calls(id)));
        }
        Json.ok(body).sendTo(exchange);
    }

    /** Whether the request's method is one of {@code allow}; answers 405 if not. */
    private static boolean allowed(HttpExchange exchange, String allow) {
        for (String method : allow.split(", ")) {
            if (method.equals(exchange.getRequestMethod())) {
                return true;
            }
        }
        Json.error(405, "use " + allow).withHeader("Allow", allow).sendTo(exchange);
        return false;
    }

    private static String queryParameter(HttpExchange exchange, String name) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            if (decode(equals < 0 ? pair : pair.substring(0, equals)).equals(name)) {
                return equals < 0 ? "" : decode(pair.substring(equals + 1));
            }
        }
        return null;
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("query is not URL-encoded: " + encoded);
        }
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new InvalidRequest("body must not exceed " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }
}
