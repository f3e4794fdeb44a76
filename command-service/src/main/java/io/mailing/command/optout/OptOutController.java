package io.mailing.command.optout;

import io.mailing.command.optout.OptOutCommands.OptOutAddress;
import io.mailing.command.optout.OptOutCommands.WithdrawOptOut;
import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutSource;
import io.mailing.platform.command.Commands;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.InvalidValueException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/opt-outs")
@Tag(name = "Opt-outs", description = "Addresses that are not to be messaged on a channel")
class OptOutController {

    private static final String RESOURCE = "opt-out";

    private final Commands commands;
    private final OptOutImport optOutImport;

    OptOutController(Commands commands, OptOutImport optOutImport) {
        this.commands = commands;
        this.optOutImport = optOutImport;
    }

    @PostMapping
    @Operation(
            operationId = "optOut",
            summary = "Put an address on the opt-out list of a channel",
            description = "Nothing more is sent to the address on that channel: a message of a mailout (a running one"
                    + " included) or a one-off send whose attempt comes after this is not sent and ends"
                    + " `SUPPRESSED`. The address is read as a customer's is (a phone's digits, an e-mail address in"
                    + " lower case). 201 when the address is put on the list, 200 when it was on it already.")
    @ApiResponse(responseCode = "201", description = "Put on the list")
    @ApiResponse(responseCode = "200", description = "It was on the list already; nothing changed")
    ResponseEntity<OptOutResponse> optOut(@RequestBody OptOutRequest request) {
        OptedOutAddress address = request.toAddress();
        boolean added = Retrying.onceMoreIfRaced(
                () -> commands.create(new OptOutAddress(address, OptOutSource.OPERATOR, null)));
        OptOutResponse body = OptOutResponse.of(address);
        return added
                ? ResponseEntity.created(URI.create("/api/v1/opt-outs/" + address.channel() + "/" + address.value()))
                        .body(body)
                : ResponseEntity.ok(body);
    }

    @DeleteMapping("/{channel}/{address}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            operationId = "withdrawOptOut",
            summary = "Take an address off the opt-out list of a channel",
            description = "It may be messaged on that channel again (messages already suppressed stay so).")
    @ApiResponse(responseCode = "404", description = "The address is not on the list")
    void withdraw(
            @PathVariable @Parameter(description = "SMS or EMAIL") Channel channel,
            @PathVariable @Parameter(description = "the phone number or e-mail address") String address) {
        OptedOutAddress checked;
        try {
            checked = OptedOutAddress.of(channel, address);
        } catch (InvalidValueException e) {
            throw new InvalidInputException("address", e.getMessage());
        }
        commands.send(new WithdrawOptOut(checked.id()), RESOURCE, channel + "/" + checked.value());
    }

    @PostMapping("/import")
    @Operation(
            operationId = "importOptOuts",
            summary = "Put up to 10,000 addresses on the opt-out list of a channel",
            description = "Every valid address is put on the list, every invalid one reported by its index; an address"
                    + " on the list already (or repeated) is counted apart, so importing the same list twice changes"
                    + " nothing.")
    OptOutImport.Result importOptOuts(@RequestBody OptOutImport.Request request) {
        return optOutImport.importAll(request);
    }
}
