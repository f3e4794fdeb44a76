package io.mailing.platform.subjects;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.RecordComponent;

/** Fast readers of record components, for code that reads every event or command that passes by. */
public final class RecordAccessors {

    private RecordAccessors() {}

    /** A handle that reads this component (also of a record that is not public). */
    public static MethodHandle of(RecordComponent component) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return MethodHandles.lookup().unreflect(accessor);
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("Cannot read " + component, e);
        }
    }

    /** The component's value in this record. */
    public static Object read(MethodHandle accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (Throwable e) {
            throw new IllegalStateException(
                    "Cannot read a component of " + record.getClass().getName(), e);
        }
    }
}
