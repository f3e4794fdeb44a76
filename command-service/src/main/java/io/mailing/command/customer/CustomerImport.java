package io.mailing.command.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailing.platform.correlation.EventMetadata;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.web.JsonPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Registers many customers in one call, each row on its own: a bad row is reported and the others still count.
 * Each row is read with the API's strict rules (an unknown property is an error, not ignored). Rows whose phone or e-mail
 * address is already registered, by an earlier row of the array too, are refused with the holder's id, so sending the
 * same array again registers nobody twice. The rows are registered in batches of the streamed import's
 * {@code batch-size} ({@link CustomerBatches}): a database failure answers the call with an error after the batches
 * before it were registered, which sending the array again then refuses as held.
 */
@Component
class CustomerImport {

    private final CustomerBatches batches;
    private final ImportSettings settings;
    private final ObjectMapper json;

    CustomerImport(CustomerBatches batches, ImportSettings settings, ObjectMapper json) {
        this.batches = batches;
        this.settings = settings;
        this.json = json;
    }

    ImportResult importAll(ImportRows imported) {
        List<JsonNode> rows = imported.rows();
        Map<String, Object> metadata = EventMetadata.ofCurrentRequest();
        List<ImportResult.Registered> registered = new ArrayList<>();
        List<ImportResult.Rejected> rejections = new ArrayList<>();
        List<CustomerBatches.Row> batch = new ArrayList<>(settings.batchSize());
        for (int index = 0; index < rows.size(); index++) {
            try {
                batch.add(new CustomerBatches.Row(index, read(rows.get(index))));
            } catch (InvalidInputException e) {
                rejections.add(new ImportResult.Rejected(index, e.violations(), null));
            }
            if (batch.size() == settings.batchSize()) {
                register(batch, metadata, registered, rejections);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            register(batch, metadata, registered, rejections);
        }
        registered.sort(Comparator.comparingInt(ImportResult.Registered::index));
        rejections.sort(Comparator.comparingInt(ImportResult.Rejected::index));
        return ImportResult.of(registered, rejections);
    }

    private void register(
            List<CustomerBatches.Row> batch,
            Map<String, Object> metadata,
            List<ImportResult.Registered> registered,
            List<ImportResult.Rejected> rejections) {
        CustomerBatches.Result result = batches.register(batch, metadata, index -> "the row at index " + index);
        for (CustomerBatches.Outcome outcome : result.outcomes()) {
            if (outcome.rejection() == null) {
                registered.add(new ImportResult.Registered(outcome.line(), outcome.id()));
            } else {
                rejections.add(new ImportResult.Rejected(
                        outcome.line(),
                        outcome.rejection().errors(),
                        outcome.rejection().existingId()));
            }
        }
        if (result.failure() != null) {
            throw result.failure();
        }
    }

    private CustomerDetails read(JsonNode row) {
        if (row == null || !row.isObject()) {
            throw new InvalidInputException("body", "must be a customer object");
        }
        try {
            return json.treeToValue(row, CustomerRequest.class).toDetails();
        } catch (JsonProcessingException e) {
            throw JsonPaths.invalidInput(e);
        }
    }
}
