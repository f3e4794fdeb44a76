package io.mailing.query.projection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;
import java.util.UUID;

/**
 * The mailout, message and customer an event concerns: its payload's {@code mailoutId}, {@code messageId} and
 * {@code customerId} components, each {@code null} when the event has none. Every event of the published language
 * names its subjects that way, so a new event is indexed without a change here.
 */
public record EventSubjects(UUID mailoutId, UUID messageId, UUID customerId) {

    private static final ClassValue<Accessors> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessors computeValue(Class<?> type) {
            return Accessors.of(type);
        }
    };

    /** The subjects of this event payload. */
    public static EventSubjects of(Object payload) {
        return ACCESSORS.get(payload.getClass()).read(payload);
    }

    private record Accessors(MethodHandle mailoutId, MethodHandle messageId, MethodHandle customerId) {

        static Accessors of(Class<?> type) {
            return new Accessors(
                    accessor(type, "mailoutId"), accessor(type, "messageId"), accessor(type, "customerId"));
        }

        private static MethodHandle accessor(Class<?> type, String name) {
            if (!type.isRecord()) {
                return null;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals(name) && component.getType() == UUID.class) {
                    try {
                        return MethodHandles.publicLookup().unreflect(component.getAccessor());
                    } catch (IllegalAccessException e) {
                        return null;
                    }
                }
            }
            return null;
        }

        EventSubjects read(Object payload) {
            return new EventSubjects(get(mailoutId, payload), get(messageId, payload), get(customerId, payload));
        }

        private static UUID get(MethodHandle accessor, Object payload) {
            if (accessor == null) {
                return null;
            }
            try {
                return (UUID) accessor.invoke(payload);
            } catch (Throwable e) {
                throw new IllegalStateException(
                        "Cannot read the subjects of " + payload.getClass().getName(), e);
            }
        }
    }
}
