package io.mailing.command.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.command.customer.CustomerCommands.RegisterCustomer;
import io.mailing.platform.command.Commands;
import io.mailing.platform.problem.ConflictException;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import io.mailing.platform.web.JsonPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Registers many customers in one call, each row on its own: a bad row is reported and the others still count.
 * Each row is read with the API's strict rules (an unknown property is an error, not ignored). Rows whose phone or e-mail
 * address is already registered are refused with the holder's id, so sending the same array again registers nobody twice.
 */
@Component
class CustomerImport {

    private final Commands commands;
    private final ObjectMapper json;

    CustomerImport(Commands commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    ImportResult importAll(ImportRows imported) {
        List<JsonNode> rows = imported.rows();
        List<ImportResult.Registered> registered = new ArrayList<>();
        List<ImportResult.Rejected> rejections = new ArrayList<>();
        for (int index = 0; index < rows.size(); index++) {
            try {
                CustomerId id = register(rows.get(index));
                registered.add(new ImportResult.Registered(index, id.value()));
            } catch (InvalidInputException e) {
                rejections.add(new ImportResult.Rejected(index, e.violations(), null));
            } catch (ConflictException e) {
                UUID holder = (UUID) e.properties().get(AddressRegistry.EXISTING_ID);
                String field = e.properties().get("field") instanceof String named ? named : "phone";
                rejections.add(new ImportResult.Rejected(index, List.of(new Violation(field, e.getMessage())), holder));
            }
        }
        return ImportResult.of(registered, rejections);
    }

    private CustomerId register(JsonNode row) {
        if (row == null || !row.isObject()) {
            throw new InvalidInputException("body", "must be a customer object");
        }
        CustomerRequest request;
        try {
            request = json.treeToValue(row, CustomerRequest.class);
        } catch (JsonProcessingException e) {
            throw JsonPaths.invalidInput(e);
        }
        CustomerId id = CustomerId.random();
        commands.create(new RegisterCustomer(id, request.toDetails()));
        return id;
    }
}
