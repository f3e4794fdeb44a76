package io.mailing.platform.logging;

import io.mailing.platform.subjects.RecordAccessors;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A record's components as one log-friendly line, {@code attempt=2 kind=SERVER_ERROR …}, without what the logging
 * context already holds (the subject ids) and without personal data or bulk: phone numbers and message texts never
 * reach a log line. Null components are left out.
 */
final class Details {

    private static final Set<String> LEFT_OUT = Set.of("mailoutId", "messageId", "customerId", "phone", "text");

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            List<Component> components = new ArrayList<>();
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    if (!LEFT_OUT.contains(component.getName())) {
                        components.add(new Component(component.getName(), RecordAccessors.of(component)));
                    }
                }
            }
            return List.copyOf(components);
        }
    };

    private Details() {}

    static String of(Object payload) {
        StringBuilder line = new StringBuilder();
        for (Component component : COMPONENTS.get(payload.getClass())) {
            Object value = component.read(payload);
            if (value != null) {
                line.append(line.isEmpty() ? "" : " ")
                        .append(component.name())
                        .append('=')
                        .append(value);
            }
        }
        return line.toString();
    }

    private record Component(String name, MethodHandle accessor) {

        Object read(Object payload) {
            return RecordAccessors.read(accessor, payload);
        }
    }
}
