package io.mailing.command.customer;

import io.mailing.command.customer.CustomerCommands.ChangeCustomer;
import io.mailing.command.customer.CustomerCommands.RegisterCustomer;
import io.mailing.command.customer.CustomerCommands.RemoveCustomer;
import io.mailing.platform.command.Commands;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
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
    private final StreamedImport streamedImport;

    CustomerController(Commands commands, CustomerImport customerImport, StreamedImport streamedImport) {
        this.commands = commands;
        this.customerImport = customerImport;
        this.streamedImport = streamedImport;
    }

    @PostMapping
    @Operation(
            operationId = "registerCustomer",
            summary = "Register a customer",
            description = "A phone, an e-mail address or both; 409 naming the existing customer when an active customer"
                    + " has the same phone or e-mail address.")
    @ApiResponse(responseCode = "201", description = "Registered")
    @ApiResponse(
            responseCode = "409",
            description = "An active customer has that phone or e-mail address: `field` names which, `existingId` whom")
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
            description = "Their phone number and e-mail address are free again.")
    void remove(@PathVariable @Parameter(description = "the customer's id") UUID id) {
        commands.send(new RemoveCustomer(new CustomerId(id)), RESOURCE, id);
    }

    @PostMapping("/import")
    @Operation(
            operationId = "importCustomers",
            summary = "Import up to 10,000 customers",
            description = "Every valid row is registered, every invalid row reported by index with its reasons; a"
                    + " row whose phone or e-mail address is already registered is refused, so sending the same array twice registers"
                    + " nobody twice. For more rows, `POST /api/v1/customers/import/stream`.")
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

    @PostMapping(
            path = "/import/stream",
            consumes = {ImportFormat.TEXT_CSV, ImportFormat.NDJSON},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(
            operationId = "importCustomerStream",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content = {
                                @Content(
                                        mediaType = ImportFormat.TEXT_CSV,
                                        schema = @Schema(type = "string"),
                                        examples = @ExampleObject(value = """
                                                phone,operatorCode,email,tags,timeZone
                                                79161234567,,ann@example.com,vip;moscow,Europe/Moscow
                                                +1 (212) 555-0100,212,,,America/New_York
                                                ,,bob@example.org,,Europe/London
                                                """)),
                                @Content(
                                        mediaType = ImportFormat.NDJSON,
                                        schema = @Schema(type = "string"),
                                        examples = @ExampleObject(value = """
                                                {"phone":"79161234567","tags":["vip"],"timeZone":"Europe/Moscow"}
                                                {"phone":"+1 (212) 555-0100","operatorCode":"212","timeZone":"America/New_York"}
                                                {"email":"bob@example.org","timeZone":"Europe/London"}
                                                """))
                            }),
            summary = "Import customers from CSV or JSON lines, up to a million per request",
            description = "The body is read as it arrives, one line per customer: `text/csv` (a header row naming the"
                    + " columns phone, operatorCode, email, tags, timeZone in any order, phone or email and timeZone"
                    + " required; tags separated by `;`; RFC 4180"
                    + " quotes within a line) or `application/x-ndjson` (one customer object per line), UTF-8."
                    + " Each row is checked by the same rules as `POST /api/v1/customers`; good rows are registered"
                    + " in batches, bad rows refused by line number (a phone or e-mail address already held, or"
                    + " repeated in the import, is refused with the holder), so sending the same body again registers nobody twice."
                    + " The answer counts the rows and lists the first refused ones. An import stopped early (too"
                    + " many rows, too long, a body that breaks off) keeps what it registered and answers with a"
                    + " problem carrying the same counts and the line it stopped at.")
    @ApiResponse(
            responseCode = "200",
            description = "Every line read: the counts and the first refused rows",
            content = @Content(schema = @Schema(implementation = ImportAnswer.class)))
    @ApiResponse(
            responseCode = "400",
            description =
                    "A CSV header that names neither a phone nor an email column, no timeZone column or an unknown one, a body that is not"
                            + " UTF-8, or a body that broke off (`stoppedAtLine`, counts so far)")
    @ApiResponse(
            responseCode = "408",
            description = "The import ran longer than `mailing.customers.import.max-duration` (`stoppedAtLine`,"
                    + " counts so far)")
    @ApiResponse(
            responseCode = "413",
            description = "More rows than `mailing.customers.import.max-rows`, or more bytes than the body limit"
                    + " (`stoppedAtLine`, counts so far)")
    @ApiResponse(responseCode = "415", description = "Neither `text/csv` nor `application/x-ndjson`, or not UTF-8")
    @ApiResponse(
            responseCode = "429",
            description = "As many imports as `mailing.customers.import.max-concurrent` run on this node already"
                    + " (see Retry-After)")
    @ApiResponse(
            responseCode = "503",
            description = "The database failed: the rows before `stoppedAtLine` were handled, the rest not")
    ResponseEntity<?> importCustomerStream(HttpServletRequest request) throws IOException {
        MediaType contentType;
        try {
            contentType = MediaType.parseMediaType(request.getContentType());
            if (contentType.getCharset() != null && !StandardCharsets.UTF_8.equals(contentType.getCharset())) {
                return notUtf8();
            }
        } catch (IllegalArgumentException unknownCharset) {
            return notUtf8();
        }
        return streamedImport.importAll(
                request.getInputStream(), contentType.getType() + "/" + contentType.getSubtype());
    }

    private static ResponseEntity<ProblemDetail> notUtf8() {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "The body must be UTF-8");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
