package io.mailing.platform.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * One revision of an event to the next that added fields: the stored payload of the revision before gets each field
 * with the value that stands for "as before" (a text, a number, or {@code null}), so what is read is the new revision whichever
 * was stored. The stored events are never rewritten.
 */
final class FieldsAdded extends SingleEventUpcaster {

    private final SimpleSerializedType from;
    private final SimpleSerializedType to;
    private final Map<String, JsonNode> added = new LinkedHashMap<>();

    private FieldsAdded(Class<?> event, String fromRevision, String toRevision) {
        this.from = new SimpleSerializedType(event.getName(), fromRevision);
        this.to = new SimpleSerializedType(event.getName(), toRevision);
    }

    /** The upcaster of {@code event} from one revision to the next, adding no field yet. */
    static FieldsAdded to(Class<?> event, String fromRevision, String toRevision) {
        return new FieldsAdded(event, fromRevision, toRevision);
    }

    /** Adds {@code field} with this value ({@code null}: JSON null). */
    FieldsAdded with(String field, String value) {
        added.put(field, JsonNodeFactory.instance.textNode(value));
        return this;
    }

    /** Adds {@code field} with this number. */
    FieldsAdded with(String field, long value) {
        added.put(field, JsonNodeFactory.instance.numberNode(value));
        return this;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, payload -> {
            if (payload instanceof ObjectNode object) {
                added.forEach((field, value) -> {
                    if (!object.has(field)) {
                        object.set(field, value);
                    }
                });
            }
            return payload;
        });
    }
}
