package io.mailing.query.customer;

import io.mailing.platform.problem.NotFoundException;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers")
class CustomerQueryController {

    private final CustomerStore customers;

    CustomerQueryController(CustomerStore customers) {
        this.customers = customers;
    }

    @GetMapping
    @Operation(
            operationId = "listCustomers",
            summary = "List and search active customers",
            description = "Oldest first; `tag` and `operatorCode` narrow the list (both: customers with both)."
                    + " `phone` searches by the start of the phone number, normalised as a customer's phone is"
                    + " (`+7 (916)` finds 7916…), and lists the matches in phone order; `email` by the start of the"
                    + " e-mail address, in any case (`Ann@` finds ann@example.com), in e-mail order. Each combines"
                    + " with the other filters.")
    Page<CustomerView> list(
            @RequestParam(required = false)
                    @Parameter(
                            description = "only customers whose phone starts with these 1 to 15 digits (+, spaces,"
                                    + " dashes and parentheses are dropped)",
                            example = "+7 (916)")
                    String phone,
            @RequestParam(required = false)
                    @Parameter(
                            description = "only customers whose e-mail address starts with this (any case)",
                            example = "ann@")
                    String email,
            @RequestParam(required = false) @Parameter(description = "only customers with this tag") String tag,
            @RequestParam(required = false) @Parameter(description = "only customers of this mobile operator code")
                    String operatorCode,
            @RequestParam(defaultValue = "0") @Parameter(description = PageRequest.PAGE_PARAMETER) int page,
            @RequestParam(defaultValue = "20") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        return customers.active(
                AddressPrefix.phone(phone), AddressPrefix.email(email), tag, operatorCode, new PageRequest(page, size));
    }

    @GetMapping("/{id}")
    @Operation(
            operationId = "getCustomer",
            summary = "Read a customer",
            description = "A removed customer is shown with `active: false`.")
    CustomerView get(@PathVariable @Parameter(description = "the customer's id") UUID id) {
        return customers.find(id).orElseThrow(() -> new NotFoundException("customer", id));
    }
}
