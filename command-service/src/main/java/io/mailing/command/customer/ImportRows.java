package io.mailing.command.customer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.mailing.platform.problem.InvalidInputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an import, each still a JSON tree to be read on its own. Read as they stream in, so an array of more
 * than {@value #MAX_ROWS} rows is refused at its row {@value #MAX_ROWS} + 1, before the rest is parsed.
 */
@JsonDeserialize(using = ImportRows.Reader.class)
record ImportRows(List<JsonNode> rows) {

    static final int MAX_ROWS = 10_000;

    static final class Reader extends JsonDeserializer<ImportRows> {

        @Override
        public ImportRows deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.isExpectedStartArrayToken()) {
                return (ImportRows) context.handleUnexpectedToken(ImportRows.class, parser);
            }
            List<JsonNode> rows = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (rows.size() == MAX_ROWS) {
                    throw new InvalidInputException("body", "must have at most " + MAX_ROWS + " customers per import");
                }
                rows.add(context.readTree(parser));
            }
            return new ImportRows(rows);
        }
    }
}
