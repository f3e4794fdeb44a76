package io.mailing.query.optout;

import static org.assertj.core.api.Assertions.assertThat;

import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.AddressOptedOut;
import io.mailing.events.optout.OptOutSource;
import io.mailing.events.optout.OptOutWithdrawn;
import io.mailing.testsupport.MigratedDatabase;
import io.mailing.testsupport.ProjectionFixture;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The opt-out lists as the projection writes them and the API reads them, on the query schema, without Spring. */
class OptOutProjectionIT {

    private static final MigratedDatabase DATABASE = MigratedDatabase.of("query");
    private static final UUID ANN = UUID.fromString("22222222-0000-0000-0000-000000000001");
    private static final UUID BOB = UUID.fromString("22222222-0000-0000-0000-000000000002");
    private static final Instant FIRST = Instant.parse("2030-01-07T08:00:00Z");
    private static final Instant AGAIN = Instant.parse("2030-01-07T09:00:00Z");
    private static final AddressOptedOut ANN_OPTED_OUT = optedOut(ANN, "ann@example.com", OptOutSource.OPERATOR, FIRST);
    private static final OptOutWithdrawn ANN_WITHDRAWN =
            new OptOutWithdrawn(ANN, Channel.EMAIL, "ann@example.com", FIRST.plusSeconds(60));
    private static final AddressOptedOut ANN_OPTED_OUT_AGAIN =
            optedOut(ANN, "ann@example.com", OptOutSource.IMPORT, AGAIN);

    private final OptOutStore store = new OptOutStore(DATABASE.jdbc());
    private final ProjectionFixture fixture =
            new ProjectionFixture(new OptOutProjection(DATABASE.jdbc()), OptOutProjectionIT::optOutOf);

    @BeforeEach
    void emptyTheLists() {
        DATABASE.empty();
    }

    @Test
    void anAddressWithdrawnAndOptedOutAgainIsListedAsOfItsLastOptOut() {
        fixture.given(ANN_OPTED_OUT, ANN_WITHDRAWN).when(ANN_OPTED_OUT_AGAIN);

        assertThat(store.find(ANN)).hasValueSatisfying(optOut -> {
            assertThat(optOut.source()).isEqualTo(OptOutSource.IMPORT);
            assertThat(optOut.optedOutAt()).isEqualTo(AGAIN);
        });
    }

    @Test
    void aWithdrawalHandledAgainDoesNotRemoveALaterOptOut() {
        fixture.given(ANN_OPTED_OUT, ANN_WITHDRAWN, ANN_OPTED_OUT_AGAIN).whenHandlingAgain(ANN_WITHDRAWN);

        assertThat(store.find(ANN)).isPresent();
    }

    @Test
    void aWithdrawalAndANewOptOutThatCommittedAsLateAsTheFirstAreTakenIn() {
        fixture.given(optedOut(BOB, "bob@example.com", OptOutSource.OPERATOR, FIRST))
                .whenFillingGaps(ANN_OPTED_OUT, ANN_WITHDRAWN, ANN_OPTED_OUT_AGAIN);

        assertThat(store.find(ANN))
                .hasValueSatisfying(optOut -> assertThat(optOut.optedOutAt()).isEqualTo(AGAIN));
    }

    private static AddressOptedOut optedOut(UUID id, String address, OptOutSource source, Instant at) {
        return new AddressOptedOut(id, Channel.EMAIL, address, source, null, at);
    }

    private static UUID optOutOf(Object event) {
        return event instanceof OptOutWithdrawn withdrawn ? withdrawn.optOutId() : ((AddressOptedOut) event).optOutId();
    }
}
