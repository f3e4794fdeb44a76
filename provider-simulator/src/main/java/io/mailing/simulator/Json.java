package io.mailing.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The simulator's JSON: the contract's answers, and the admin endpoints' stats, calls and behaviour. Durations are
 * ISO-8601 strings ({@code "PT0.2S"}), instants ISO-8601 UTC strings, enums their names.
 */
final class Json {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final List<String> BEHAVIOUR_FIELDS =
            List.of("latency", "latencyJitter", "failureRate", "failureKinds", "timeoutHold");

    private Json() {}

    /** Parses a request body; anything but a JSON object is an {@link InvalidRequest}. */
    static ObjectNode object(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequest("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidRequest("body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** {@code {"code": status, "message": message}}, the contract's shape for every error. */
    static Reply error(int status, String message) {
        ObjectNode body = MAPPER.createObjectNode().put("code", status).put("message", message);
        return Reply.json(status, bytes(body));
    }

    static Reply ok(JsonNode body) {
        return Reply.json(200, bytes(body));
    }

    static ObjectNode stats(SimulatorStats stats) {
        ObjectNode byKind = MAPPER.createObjectNode();
        stats.failedByKind().forEach((kind, count) -> byKind.put(kind.name(), count));
        ObjectNode node = MAPPER.createObjectNode()
                .put("totalCalls", stats.totalCalls())
                .put("delivered", stats.delivered())
                .put("failed", stats.failed());
        node.set("failedByKind", byKind);
        return node.put("unauthorized", stats.unauthorized())
                .put("badRequests", stats.badRequests())
                .put("uniqueMsgIds", stats.uniqueMsgIds())
                .put("repeatedMsgIds", stats.repeatedMsgIds())
                .put("deliveredMsgIds", stats.deliveredMsgIds())
                .put("duplicateDeliveries", stats.duplicateDeliveries())
                .put("firstCallAt", instant(stats.firstCallAt()))
                .put("lastCallAt", instant(stats.lastCallAt()));
    }

    static ArrayNode calls(List<Call> calls) {
        ArrayNode array = MAPPER.createArrayNode();
        for (Call call : calls) {
            array.addObject()
                    .put("msgId", call.msgId())
                    .put("phone", call.phone())
                    .put("text", call.text())
                    .put("receivedAt", instant(call.receivedAt()))
                    .put("outcome", call.outcome().name());
        }
        return array;
    }

    static ObjectNode behaviour(Behaviour behaviour) {
        ObjectNode node = MAPPER.createObjectNode()
                .put("latency", behaviour.latency().toString())
                .put("latencyJitter", behaviour.latencyJitter().toString())
                .put("failureRate", behaviour.failureRate());
        ArrayNode kinds = node.putArray("failureKinds");
        behaviour.failureKinds().forEach(kind -> kinds.add(kind.name()));
        return node.put("timeoutHold", behaviour.timeoutHold().toString());
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Reads a whole behaviour; a field left out takes its value from {@link Behaviour#healthy()}.
     *
     * @throws InvalidRequest naming the field at fault
     */
    static Behaviour parseBehaviour(byte[] body) {
        ObjectNode node = object(body);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!BEHAVIOUR_FIELDS.contains(name)) {
                throw new InvalidRequest("unknown field '" + name + "'; the fields are " + BEHAVIOUR_FIELDS);
            }
        }
        Behaviour healthy = Behaviour.healthy();
        try {
            return new Behaviour(
                    duration(node, "latency", healthy.latency()),
                    duration(node, "latencyJitter", healthy.latencyJitter()),
                    rate(node, "failureRate", healthy.failureRate()),
                    kinds(node, "failureKinds", healthy.failureKinds()),
                    duration(node, "timeoutHold", healthy.timeoutHold()));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest(e.getMessage());
        }
    }

    private static Duration duration(ObjectNode node, String field, Duration fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (value.isTextual()) {
            try {
                return Duration.parse(value.textValue());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        throw new InvalidRequest(field + " must be an ISO-8601 duration such as \"PT0.2S\", was " + value);
    }

    private static double rate(ObjectNode node, String field, double fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new InvalidRequest(field + " must be a number from 0 to 1, was " + value);
        }
        return value.doubleValue();
    }

    private static Set<FailureKind> kinds(ObjectNode node, String field, Set<FailureKind> fallback) {
        JsonNode value = node.get(field);
        if (value == null) {
            return fallback;
        }
        String expected = Arrays.stream(FailureKind.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (!value.isArray()) {
            throw new InvalidRequest(field + " must be an array of " + expected + ", was " + value);
        }
        Set<FailureKind> kinds = EnumSet.noneOf(FailureKind.class);
        for (JsonNode item : value) {
            try {
                kinds.add(FailureKind.valueOf(item.asText("").toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest(field + " has " + item + ", which is none of " + expected);
            }
        }
        return kinds;
    }

    private static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + node, e);
        }
    }
}
