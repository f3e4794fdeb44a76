package io.mailing.command.customer;

import io.mailing.command.customer.CustomerCommands.ChangeCustomer;
import io.mailing.command.customer.CustomerCommands.RegisterCustomer;
import io.mailing.command.customer.CustomerCommands.RemoveCustomer;
import io.mailing.platform.command.Commands;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/customers")
@Tag(name = "Customers", description = "Register, change, remove and import customers")
class CustomerController {

    private static final String RESOURCE = "customer";

    private final Commands commands;
    private final CustomerImport customerImport;

    CustomerController(Commands commands, CustomerImport customerImport) {
        this.commands = commands;
        this.customerImport = customerImport;
    }

    @PostMapping
    @Operation(
            operationId = "registerCustomer",
            summary = "Register a customer",
            description = "409 naming the existing customer when an active customer has the same phone.")
    @ApiResponse(
            responseCode = "201",
            description = "Registered",
            headers =
                    @Header(
                            name = HttpHeaders.LOCATION,
                            description = "The customer's URL",
                            schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "409", description = "An active customer has that phone: `existingId` names them")
    ResponseEntity<CustomerResponse> register(@RequestBody CustomerRequest request) {
        CustomerDetails details = request.toDetails();
        CustomerId id = CustomerId.random();
        commands.create(new RegisterCustomer(id, details));
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id)).body(CustomerResponse.of(id, details));
    }

    @PutMapping("/{id}")
    @Operation(
            operationId = "changeCustomer",
            summary = "Replace a customer's details",
            description = "A full replace: omitted tags are removed.")
    CustomerResponse change(
            @PathVariable @Parameter(description = "the customer's id") UUID id, @RequestBody CustomerRequest request) {
        CustomerDetails details = request.toDetails();
        CustomerId customerId = new CustomerId(id);
        commands.send(new ChangeCustomer(customerId, details), RESOURCE, id);
        return CustomerResponse.of(customerId, details);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "removeCustomer",
            summary = "Remove a customer",
            description = "Their phone number is free again.")
    void remove(@PathVariable @Parameter(description = "the customer's id") UUID id) {
        commands.send(new RemoveCustomer(new CustomerId(id)), RESOURCE, id);
    }

    @PostMapping("/import")
    @Operation(
            operationId = "importCustomers",
            summary = "Import up to 10,000 customers",
            description = "Every valid row is registered, every invalid row reported by index with its reasons; a"
                    + " row whose phone is already registered is refused, so sending the same array twice registers"
                    + " nobody twice.")
    ImportResult importCustomers(
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            array =
                                                    @ArraySchema(
                                                            schema = @Schema(implementation = CustomerRequest.class)),
                                            examples = @ExampleObject(value = """
                                    [{"phone":"79161234567","tags":["vip"],"timeZone":"Europe/Moscow"},\
                                    {"phone":"+1 (212) 555-0100","operatorCode":"212","timeZone":"America/New_York"}]""")))
                    @RequestBody
                    ImportRows rows) {
        return customerImport.importAll(rows);
    }
}
