package io.mailing.command.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** What an operator can ask of the customer directory. */
final class CustomerCommands {

    private CustomerCommands() {}

    record RegisterCustomer(@TargetAggregateIdentifier CustomerId id, CustomerDetails details) {}

    record ChangeCustomer(@TargetAggregateIdentifier CustomerId id, CustomerDetails details) {}

    record RemoveCustomer(@TargetAggregateIdentifier CustomerId id) {}
}
