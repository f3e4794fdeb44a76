package io.mailing.command.customer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.markDeleted;

import io.mailing.command.customer.CustomerCommands.ChangeCustomer;
import io.mailing.command.customer.CustomerCommands.RegisterCustomer;
import io.mailing.command.customer.CustomerCommands.RemoveCustomer;
import io.mailing.events.customer.CustomerChanged;
import io.mailing.events.customer.CustomerRegistered;
import io.mailing.events.customer.CustomerRemoved;
import io.mailing.platform.text.EmailAddress;
import io.mailing.platform.text.PhoneNumber;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * A customer in the directory. A removed customer is gone: commands for it answer "not found", and so do commands
 * for the id of another kind of aggregate (see {@link io.mailing.platform.axon.OwnEventsOnly}). That two active
 * customers never share a phone number or an e-mail address is a rule across customers, kept by the {@link
 * AddressRegistry} in the transaction that appends the event.
 */
@Aggregate(commandTargetResolver = "commandTargets")
class Customer {

    @AggregateIdentifier
    private CustomerId id;

    private CustomerDetails details;

    Customer() {}

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    void handle(RegisterCustomer command) {
        CustomerDetails registered = command.details();
        apply(new CustomerRegistered(
                command.id().value(),
                registered.phoneDigits(),
                registered.operatorCodeValue(),
                registered.tags(),
                registered.timeZone(),
                registered.emailValue()));
    }

    /** A full replace; replacing the details with the same details changes nothing and records nothing. */
    @CommandHandler
    void handle(ChangeCustomer command) {
        CustomerDetails changed = command.details();
        if (!changed.equals(details)) {
            apply(new CustomerChanged(
                    id.value(),
                    changed.phoneDigits(),
                    changed.operatorCodeValue(),
                    changed.tags(),
                    changed.timeZone(),
                    changed.emailValue()));
        }
    }

    @CommandHandler
    void handle(RemoveCustomer command) {
        apply(new CustomerRemoved(id.value(), details.phoneDigits(), details.emailValue()));
    }

    @EventSourcingHandler
    void on(CustomerRegistered event) {
        id = new CustomerId(event.customerId());
        details = details(event.phone(), event.email(), event.operatorCode(), event.tags(), event.timeZone());
    }

    @EventSourcingHandler
    void on(CustomerChanged event) {
        details = details(event.phone(), event.email(), event.operatorCode(), event.tags(), event.timeZone());
    }

    @EventSourcingHandler
    void on(CustomerRemoved event) {
        markDeleted();
    }

    private static CustomerDetails details(
            String phone, String email, String operatorCode, java.util.List<String> tags, String zone) {
        return new CustomerDetails(
                phone == null ? null : new PhoneNumber(phone),
                email == null ? null : new EmailAddress(email),
                operatorCode == null ? null : new OperatorCode(operatorCode),
                tags,
                zone);
    }
}
