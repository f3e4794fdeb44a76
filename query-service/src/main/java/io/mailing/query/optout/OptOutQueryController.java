package io.mailing.query.optout;

import io.mailing.events.mailout.Channel;
import io.mailing.events.optout.OptOutIds;
import io.mailing.events.optout.OptOutSource;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.NotFoundException;
import io.mailing.query.customer.AddressPrefix;
import io.mailing.query.paging.Page;
import io.mailing.query.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/opt-outs")
@Tag(name = "Opt-outs")
class OptOutQueryController {

    private static final String COLUMNS = "id, channel, address, source, message_id, opted_out_at";

    private final JdbcTemplate jdbc;

    OptOutQueryController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
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
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        List<Object> args = new ArrayList<>();
        if (channel != null) {
            where.append(" AND channel = ?");
            args.add(channel.name());
        }
        AddressPrefix prefix = prefix(channel, address);
        if (prefix != null) {
            where.append(" AND address COLLATE \"C\" >= ? AND address COLLATE \"C\" < ?");
            args.add(prefix.value());
            args.add(prefix.upperBound());
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM query.opt_out" + where, Long.class, args.toArray());
        args.add(request.size());
        args.add(request.offset());
        List<OptOutView> items = jdbc.query(
                "SELECT " + COLUMNS + " FROM query.opt_out" + where + " ORDER BY "
                        + (prefix != null ? "address COLLATE \"C\", id" : "opted_out_at DESC, id")
                        + " LIMIT ? OFFSET ?",
                OptOutQueryController::view,
                args.toArray());
        return request.of(items, total == null ? 0 : total);
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
        return jdbc
                .query(
                        "SELECT " + COLUMNS + " FROM query.opt_out WHERE id = ?",
                        OptOutQueryController::view,
                        OptOutIds.of(channel, kept))
                .stream()
                .findFirst()
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

    private static OptOutView view(ResultSet rs, int row) throws SQLException {
        return new OptOutView(
                rs.getObject("id", UUID.class),
                Channel.valueOf(rs.getString("channel")),
                rs.getString("address"),
                OptOutSource.valueOf(rs.getString("source")),
                rs.getObject("message_id", UUID.class),
                rs.getObject("opted_out_at", OffsetDateTime.class).toInstant());
    }
}
