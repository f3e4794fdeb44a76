package io.mailing.command.customer;

import io.mailing.command.customer.CustomerCommands.ChangeCustomer;
import io.mailing.command.customer.CustomerCommands.RegisterCustomer;
import io.mailing.command.customer.CustomerCommands.RemoveCustomer;
import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;
import java.util.List;
import java.util.UUID;
import org.axonframework.eventsourcing.AggregateDeletedException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CustomerTest {

    private static final UUID ID = UUID.fromString("0b6f7c1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e");
    private static final CustomerId CUSTOMER = new CustomerId(ID);
    private static final CustomerDetails DETAILS = new CustomerDetails(
            new PhoneNumber("79161234567"), null, new OperatorCode("916"), List.of("vip"), "Europe/Moscow");
    private static final CustomerDetails MOVED = new CustomerDetails(
            new PhoneNumber("12125550100"), null, new OperatorCode("212"), List.of("vip", "usa"), "America/New_York");
    private static final CustomerRegistered REGISTERED =
            new CustomerRegistered(ID, "79161234567", "916", List.of("vip"), "Europe/Moscow", null);

    private FixtureConfiguration<Customer> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Customer.class);
    }

    @Test
    void registersWithEveryDetail() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(CUSTOMER, DETAILS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(REGISTERED);
    }

    @Test
    void replacesEveryDetailOnChange() {
        fixture.given(REGISTERED)
                .when(new ChangeCustomer(CUSTOMER, MOVED))
                .expectEvents(
                        new CustomerChanged(ID, "12125550100", "212", List.of("vip", "usa"), "America/New_York", null));
    }

    @Test
    void registersACustomerReachedByEmailAloneAndFreesTheAddressOnRemoval() {
        CustomerDetails byEmail =
                new CustomerDetails(null, EmailAddress.of("Ann@Example.com"), null, List.of("news"), "Europe/London");

        fixture.givenNoPriorActivity()
                .when(new RegisterCustomer(CUSTOMER, byEmail))
                .expectEvents(
                        new CustomerRegistered(ID, null, null, List.of("news"), "Europe/London", "ann@example.com"));
        fixture.given(new CustomerRegistered(ID, null, null, List.of("news"), "Europe/London", "ann@example.com"))
                .when(new RemoveCustomer(CUSTOMER))
                .expectEvents(new CustomerRemoved(ID, null, "ann@example.com"));
    }

    @Test
    void replacesAPhoneWithAnEmailAddress() {
        CustomerDetails byEmail =
                new CustomerDetails(null, EmailAddress.of("ann@example.com"), null, List.of("vip"), "Europe/Moscow");

        fixture.given(REGISTERED)
                .when(new ChangeCustomer(CUSTOMER, byEmail))
                .expectEvents(new CustomerChanged(ID, null, null, List.of("vip"), "Europe/Moscow", "ann@example.com"));
    }

    @Test
    void recordsNothingWhenTheDetailsAreTheSame() {
        fixture.given(REGISTERED)
                .when(new ChangeCustomer(CUSTOMER, DETAILS))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void removesAndFreesThePhoneItHoldsNow() {
        fixture.given(
                        REGISTERED,
                        new CustomerChanged(ID, "12125550100", "212", List.of("vip", "usa"), "America/New_York", null))
                .when(new RemoveCustomer(CUSTOMER))
                .expectEvents(new CustomerRemoved(ID, "12125550100", null))
                .expectMarkedDeleted();
    }

    @Test
    void refusesToChangeARemovedCustomer() {
        fixture.given(REGISTERED, new CustomerRemoved(ID, "79161234567", null))
                .when(new ChangeCustomer(CUSTOMER, MOVED))
                .expectException(AggregateDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void refusesToRemoveARemovedCustomerTwice() {
        fixture.given(REGISTERED, new CustomerRemoved(ID, "79161234567", null))
                .when(new RemoveCustomer(CUSTOMER))
                .expectException(AggregateDeletedException.class);
    }
}
