package io.mailing.query.optout;

import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutIds;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.NotFoundException;
import io.mailing.query.customer.AddressPrefix;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/opt-outs")
@Tag(name = "Opt-outs")
class OptOutQueryController {

    private final OptOutStore optOuts;

    OptOutQueryController(OptOutStore optOuts) {
        this.optOuts = optOuts;
    }

    @GetMapping
    @Operation(
            operationId = "listOptOuts",
            summary = "List and search the opt-out lists",
            description = "Newest first; `channel` narrows the list to one channel, and with it `address` searches by"
                    + " the start of the address, read as that channel's (`+7 (916)` finds 7916…, `Ann@` finds"
                    + " ann@example.com), in address order.")
    Page<OptOutView> list(
            @RequestParam(required = false) @Parameter(description = "only this channel's list") Channel channel,
            @RequestParam(required = false)
                    @Parameter(description = "only addresses that start with this (needs `channel`)", example = "ann@")
                    String address,
            @RequestParam(defaultValue = "0") @Parameter(description = PageRequest.PAGE_PARAMETER) int page,
            @RequestParam(defaultValue = "20") @Parameter(description = PageRequest.SIZE_PARAMETER) int size) {
        PageRequest request = new PageRequest(page, size);
        return optOuts.page(channel, prefix(channel, address), request);
    }

    @GetMapping("/{channel}/{address}")
    @Operation(
            operationId = "getOptOut",
            summary = "Whether an address is on the opt-out list of a channel",
            description = "The address as the list keeps it: a phone's digits, an e-mail address in lower case.")
    OptOutView get(
            @PathVariable @Parameter(description = "SMS or EMAIL") Channel channel,
            @PathVariable @Parameter(description = "the phone's digits or the e-mail address") String address) {
        String kept = channel == Channel.SMS
                ? AddressPrefix.phone(address).value()
                : AddressPrefix.email(address).value();
        return optOuts.find(OptOutIds.of(channel, kept))
                .orElseThrow(() -> new NotFoundException("opt-out", channel + "/" + kept));
    }

    private static AddressPrefix prefix(Channel channel, String address) {
        if (address == null || address.isBlank()) {
            return null;
        }
        if (channel == null) {
            throw new InvalidInputException("address", "goes with a channel: the address is read as that channel's");
        }
        return channel == Channel.SMS ? AddressPrefix.phone(address) : AddressPrefix.email(address);
    }
}
