package io.mailing.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete HTTP answer: status, content type, extra headers and body. */
record Reply(int status, String contentType, Map<String, String> headers, byte[] body) {

    static final String JSON = "application/json";

    /** The contract's success, {@code {"code": 0, "message": "OK"}}. */
    static final Reply OK = json(200, "{\"code\":0,\"message\":\"OK\"}".getBytes(StandardCharsets.UTF_8));

    static Reply json(int status, byte[] body) {
        return new Reply(status, JSON, Map.of(), body);
    }

    static Reply noContent() {
        return new Reply(204, null, Map.of(), new byte[0]);
    }

    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, Map.copyOf(more), body);
    }

    /** Writes this answer and completes the exchange; a client that has gone away is not an error here. */
    void sendTo(HttpExchange exchange) {
        try {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            headers.forEach(exchange.getResponseHeaders()::set);
            boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } catch (IOException e) {
            // the client closed the connection first: nothing left to answer
        } finally {
            exchange.close();
        }
    }
}
