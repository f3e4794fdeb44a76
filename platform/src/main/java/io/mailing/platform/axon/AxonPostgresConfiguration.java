package io.mailing.platform.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mailing.platform.schema.SchemaMigration;
import javax.sql.DataSource;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSqlSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Axon Framework on PostgreSQL without Axon Server: the JDBC event storage engine, token store, saga store and
 * dead-letter queue, all in the shared {@value #SCHEMA} schema whose DDL Flyway owns (binary columns are
 * {@code bytea}; the global index is an identity that allocates by 1, so tracking processors see events in commit
 * order without the gaps a pooled sequence makes). Events, messages and sagas are serialized as JSON.
 */
@AutoConfiguration(before = JdbcAutoConfiguration.class)
public class AxonPostgresConfiguration {

    /** The schema that holds Axon's tables and db-scheduler's task table. */
    public static final String SCHEMA = "axon";

    @Bean
    FlywayMigrationInitializer axonSchemaMigration(DataSource dataSource) {
        return SchemaMigration.of(dataSource, SCHEMA);
    }

    /** The aggregates' command target resolver, by this name ({@link CachedCommandTargets}). */
    @Bean
    CachedCommandTargets commandTargets() {
        return new CachedCommandTargets();
    }

    /**
     * The one serializer for events, messages, sagas, tokens and deadlines. Its mapper is Axon's own, not the web
     * layer's: it writes ISO-8601 timestamps and reads events tolerantly (an unknown field from a newer revision is
     * ignored), while the API rejects unknown fields.
     */
    @Bean
    @Primary
    Serializer axonSerializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).build();
    }

    public static ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .findAndRegisterModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * An event handler that fails is never skipped (Axon's default logs and moves on): a subscribing handler fails
     * the command whose event it handles, a streaming processor rolls its batch back and retries it with backoff.
     * Skipping would silently lose a lookup entry, a dispatch or a read-model row.
     */
    @Bean
    ConfigurerModule eventHandlerErrorsPropagate() {
        return configurer -> configurer
                .eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
    }

    @Bean
    EventSchema eventSchema() {
        return EventSchema.builder()
                .eventTable(SCHEMA + ".domain_event_entry")
                .snapshotTable(SCHEMA + ".snapshot_event_entry")
                .build();
    }

    @Bean
    TokenSchema tokenSchema() {
        return TokenSchema.builder().setTokenTable(SCHEMA + ".token_entry").build();
    }

    @Bean
    SagaSqlSchema sagaSqlSchema() {
        return new PostgresSagaSqlSchema(SagaSchema.builder()
                .sagaEntryTable(SCHEMA + ".saga_entry")
                .associationValueEntryTable(SCHEMA + ".association_value_entry")
                .build());
    }

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable(SCHEMA + ".dead_letter_entry")
                .build();
    }
}
