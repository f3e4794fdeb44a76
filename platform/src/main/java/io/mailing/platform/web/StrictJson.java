package io.mailing.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.temporal.Temporal;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * JSON is read as the schema says, never coerced: a number where a string is expected, a string where a number or a
 * boolean is, a boolean where a string is, a number where a timestamp is, and a key given twice are all errors (400
 * naming the field), not silently converted or overwritten. The configuration file already refuses unknown
 * properties and fractions for integers. Dates and times are read from strings only.
 */
final class StrictJson implements Jackson2ObjectMapperBuilderCustomizer {

    private static final Map<LogicalType, Set<CoercionInputShape>> REFUSED = Map.of(
            LogicalType.Textual,
            Set.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean),
            LogicalType.Boolean,
            Set.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.String),
            LogicalType.Integer,
            Set.of(CoercionInputShape.Float, CoercionInputShape.String, CoercionInputShape.Boolean),
            LogicalType.Float,
            Set.of(CoercionInputShape.String, CoercionInputShape.Boolean));

    @Override
    public void customize(Jackson2ObjectMapperBuilder builder) {
        builder.featuresToEnable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        builder.postConfigurer(mapper -> {
            REFUSED.forEach((type, shapes) ->
                    shapes.forEach(shape -> mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail)));
            mapper.registerModule(new SimpleModule(StrictJson.class.getSimpleName())
                    .setDeserializerModifier(new BeanDeserializerModifier() {
                        @Override
                        public JsonDeserializer<?> modifyDeserializer(
                                DeserializationConfig config, BeanDescription bean, JsonDeserializer<?> deserializer) {
                            return Temporal.class.isAssignableFrom(bean.getBeanClass())
                                    ? new TextOnly(deserializer)
                                    : deserializer;
                        }
                    }));
        });
    }

    /**
     * A date or time from a JSON string only: the java.time deserializers also take epoch numbers and arrays of
     * fields, and ask no coercion configuration before they do.
     */
    private static final class TextOnly extends DelegatingDeserializer {

        TextOnly(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TextOnly(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return context.handleUnexpectedToken(handledType(), parser);
            }
            return super.deserialize(parser, context);
        }
    }
}
