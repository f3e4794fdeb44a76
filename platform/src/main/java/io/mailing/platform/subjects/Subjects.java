package io.mailing.platform.subjects;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.RecordComponent;
import java.util.UUID;

/**
 * The mailout, message, customer, daily report and opt-out an event or a command concerns, each {@code null} when it
 * has none. Every record of the published language names its subjects as {@code UUID} components called
 * {@code mailoutId}, {@code messageId}, {@code customerId}, {@code reportId} and {@code optOutId}; commands may hold them as typed ids instead ({@code record MailoutId(UUID value)} under any
 * component name), which name their subject by their type. So a new event or command is understood without a change
 * here.
 */
public record Subjects(UUID mailoutId, UUID messageId, UUID customerId, UUID reportId, UUID optOutId) {

    private static final String[] NAMES = {"mailoutId", "messageId", "customerId", "reportId", "optOutId"};

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };

    /** The subjects of this event or command payload. */
    public static Subjects of(Object payload) {
        return ACCESSORS.get(payload.getClass()).read(payload);
    }

    /** Reads one subject: a UUID component, or a typed id and then its UUID. */
    private record Accessor(MethodHandle component, MethodHandle value) {

        UUID read(Object payload) {
            Object id = RecordAccessors.read(component, payload);
            return (UUID) (value == null || id == null ? id : RecordAccessors.read(value, id));
        }
    }

    private record Accessors(
            Accessor mailoutId, Accessor messageId, Accessor customerId, Accessor reportId, Accessor optOutId) {

        static Accessors of(Class<?> type) {
            Accessor[] found = new Accessor[NAMES.length];
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    for (int i = 0; i < NAMES.length; i++) {
                        if (found[i] == null) {
                            found[i] = accessor(component, NAMES[i]);
                        }
                    }
                }
            }
            return new Accessors(found[0], found[1], found[2], found[3], found[4]);
        }

        /** The accessor of this component if it is the named subject, else {@code null}. */
        private static Accessor accessor(RecordComponent component, String name) {
            Class<?> type = component.getType();
            if (type == UUID.class) {
                return component.getName().equals(name) ? new Accessor(RecordAccessors.of(component), null) : null;
            }
            boolean typedId = type.isRecord()
                    && type.getRecordComponents().length == 1
                    && type.getRecordComponents()[0].getType() == UUID.class
                    && name.equalsIgnoreCase(type.getSimpleName());
            return typedId
                    ? new Accessor(RecordAccessors.of(component), RecordAccessors.of(type.getRecordComponents()[0]))
                    : null;
        }

        Subjects read(Object payload) {
            return new Subjects(
                    get(mailoutId, payload),
                    get(messageId, payload),
                    get(customerId, payload),
                    get(reportId, payload),
                    get(optOutId, payload));
        }

        private static UUID get(Accessor accessor, Object payload) {
            return accessor == null ? null : accessor.read(payload);
        }
    }
}
