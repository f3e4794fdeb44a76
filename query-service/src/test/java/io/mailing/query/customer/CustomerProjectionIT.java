package io.mailing.query.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerDetailsEvent;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.query.paging.PageRequest;
import io.mailing.testsupport.MigratedDatabase;
import io.mailing.testsupport.ProjectionFixture;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The customer directory as the projection writes it and the API reads it, on the query schema, without Spring. */
class CustomerProjectionIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("query");
    private static final UUID ANNA = UUID.fromString("11111111-0000-0000-0000-000000000001");
    private static final UUID BORIS = UUID.fromString("11111111-0000-0000-0000-000000000002");
    private static final Instant REGISTERED_AT = Instant.parse("2030-01-07T08:00:00Z");
    private static final Instant CHANGED_AT = Instant.parse("2030-01-07T09:00:00Z");
    private static final CustomerRegistered REGISTERED =
            new CustomerRegistered(ANNA, "79160000001", "916", List.of("vip"), "Europe/Moscow", null);
    private static final CustomerRegistered BORIS_REGISTERED =
            new CustomerRegistered(BORIS, "79160000002", "916", List.of(), "Europe/Moscow", null);
    private static final CustomerChanged MOVED =
            new CustomerChanged(ANNA, "79030000001", "903", List.of("vip", "moved"), "Asia/Tokyo", null);
    private static final CustomerChanged RETAGGED =
            new CustomerChanged(ANNA, "79030000001", "903", List.of("gold"), "Asia/Tokyo", null);

    private final CustomerStore directory = new CustomerStore(DATABASE.jdbc());
    private final ProjectionFixture fixture =
            new ProjectionFixture(new CustomerProjection(DATABASE.jdbc()), CustomerProjectionIT::customerOf);

    @BeforeEach
    void emptyTheDirectory() {
        DATABASE.empty();
    }

    @Test
    void registersACustomerAsActiveAtTheTimeOfTheEvent() {
        fixture.at(REGISTERED_AT).when(REGISTERED);

        assertThat(directory.find(ANNA))
                .contains(new CustomerView(
                        ANNA,
                        "79160000001",
                        "916",
                        null,
                        List.of("vip"),
                        "Europe/Moscow",
                        true,
                        REGISTERED_AT,
                        null,
                        null));
    }

    @Test
    void takesInAChangeAndKeepsWhenTheCustomerRegistered() {
        fixture.at(REGISTERED_AT).given(REGISTERED).at(CHANGED_AT).when(MOVED);

        assertThat(directory.find(ANNA))
                .contains(new CustomerView(
                        ANNA,
                        "79030000001",
                        "903",
                        null,
                        List.of("vip", "moved"),
                        "Asia/Tokyo",
                        true,
                        REGISTERED_AT,
                        CHANGED_AT,
                        null));
    }

    @Test
    void keepsARemovedCustomerReadableButInactive() {
        Instant removedAt = CHANGED_AT.plusSeconds(60);

        fixture.at(REGISTERED_AT).given(REGISTERED).at(removedAt).when(new CustomerRemoved(ANNA, "79160000001", null));

        assertThat(directory.find(ANNA)).hasValueSatisfying(customer -> {
            assertThat(customer.active()).isFalse();
            assertThat(customer.removedAt()).isEqualTo(removedAt);
            assertThat(customer.phone()).isEqualTo("79160000001");
        });
    }

    @Test
    void anEarlierChangeHandledAgainDoesNotUndoALaterOne() {
        fixture.given(REGISTERED, MOVED, RETAGGED).whenHandlingAgain(MOVED);

        assertThat(directory.find(ANNA))
                .hasValueSatisfying(customer -> assertThat(customer.tags()).containsExactly("gold"));
    }

    @Test
    void aRegistrationHandledAgainDoesNotUndoAChange() {
        fixture.given(REGISTERED, MOVED).whenHandlingAgain(REGISTERED);

        assertThat(directory.find(ANNA))
                .hasValueSatisfying(
                        customer -> assertThat(customer.operatorCode()).isEqualTo("903"));
    }

    @Test
    void aChangeThatCommittedAsLateAsTheRegistrationIsTakenIn() {
        fixture.given(BORIS_REGISTERED).whenFillingGaps(REGISTERED, MOVED);

        assertThat(directory.find(ANNA))
                .hasValueSatisfying(
                        customer -> assertThat(customer.operatorCode()).isEqualTo("903"));
    }

    @Test
    void keepsTheNumberOfActiveCustomersThroughRemovalsAndEventsHandledAgain() {
        CustomerRemoved annaLeft = new CustomerRemoved(ANNA, "79160000001", null);

        fixture.given(REGISTERED, BORIS_REGISTERED).when(MOVED, annaLeft).whenHandlingAgain(REGISTERED);
        fixture.whenHandlingAgain(annaLeft);

        assertThat(directory
                        .active(null, null, null, null, new PageRequest(0, 20))
                        .total())
                .isEqualTo(1);
        assertThat(directory
                        .active(null, null, null, "916", new PageRequest(0, 20))
                        .total())
                .isEqualTo(1);
    }

    @Test
    void knowsNoCustomerItHasNotSeenRegistered() {
        fixture.when(MOVED);

        assertThat(directory.find(ANNA)).isEmpty();
    }

    private static UUID customerOf(Object event) {
        return event instanceof CustomerRemoved removed
                ? removed.customerId()
                : ((CustomerDetailsEvent) event).customerId();
    }
}
