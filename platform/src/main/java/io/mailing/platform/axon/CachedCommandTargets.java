package io.mailing.platform.axon;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Finds the aggregate a command is for as Axon's {@code AnnotationCommandTargetResolver} does (the first method, else
 * field, annotated {@link TargetAggregateIdentifier}; likewise {@link TargetAggregateVersion}), but looks for the
 * annotated members once per command class instead of once per command: Axon's resolver walks every method and field
 * of the command and their annotations on every command, a share of a bulk import's CPU worth saving
 * (docs/performance.md, "Figures behind choices in the code").
 * Aggregates name it with {@code @Aggregate(commandTargetResolver = "commandTargets")}.
 */
public final class CachedCommandTargets implements CommandTargetResolver {

    private final ClassValue<Members> members = new ClassValue<>() {
        @Override
        protected Members computeValue(Class<?> type) {
            return new Members(
                    Accessor.of(type, TargetAggregateIdentifier.class),
                    Accessor.of(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Members target = members.get(command.getPayloadType());
        Object payload = command.getPayload();
        Object identifier;
        Long version;
        try {
            identifier = target.identifier().read(payload);
            version = asLong(target.version().read(payload));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException(
                    "An exception occurred while extracting aggregate information form a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(
                    "The current security context does not allow extraction of aggregate information from the given"
                            + " command.",
                    e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(String.format(
                    "Invalid command. It does not identify the target aggregate. Make sure at least one of the fields"
                            + " or methods in the [%s] class contains the @TargetAggregateIdentifier annotation and"
                            + " that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    private static Long asLong(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }

    private record Members(Accessor identifier, Accessor version) {}

    /** The member that holds an annotated value: a method without parameters, a field, or none. */
    private record Accessor(Method method, Field field) {

        static Accessor of(Class<?> type, Class<? extends Annotation> annotation) {
            for (Method method : ReflectionUtils.methodsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(method, annotation)) {
                    ReflectionUtils.ensureAccessible(method);
                    return new Accessor(method, null);
                }
            }
            for (Field field : ReflectionUtils.fieldsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(field, annotation)) {
                    ReflectionUtils.ensureAccessible(field);
                    return new Accessor(null, field);
                }
            }
            return new Accessor(null, null);
        }

        Object read(Object payload) throws InvocationTargetException, IllegalAccessException {
            if (method != null) {
                return method.invoke(payload);
            }
            return field == null ? null : ReflectionUtils.getFieldValue(field, payload);
        }
    }
}
