package io.mailing.command.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.mailing.platform.problem.InvalidInputException;
import io.mailing.platform.problem.Violation;
import io.mailing.platform.web.JsonPaths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How one line of a streamed import becomes a customer request, checked afterwards by the same rules as every other
 * request ({@link CustomerRequest#toDetails()}). A line that cannot be read at all is refused with the field
 * {@value #ROW}.
 */
sealed interface ImportFormat {

    /** The field a row's own error names: the line as a whole. */
    String ROW = "row";

    String TEXT_CSV = "text/csv";
    String NDJSON = "application/x-ndjson";

    /** Whether the first non-blank line is a header rather than a row. */
    boolean hasHeader();

    /** Reads the header line (only for a format that has one); a bad header refuses the whole import. */
    default void header(String line) {}

    /** The row as a request; {@link InvalidInputException} naming the field (or {@value #ROW}) otherwise. */
    CustomerRequest read(String line);

    static ImportFormat of(String mediaType, ObjectMapper json) {
        return TEXT_CSV.equals(mediaType) ? new Csv() : new JsonLines(json.readerFor(CustomerRequest.class));
    }

    /** The violations of a row, with Jackson's name for the whole document ({@code body}) as {@value #ROW}. */
    static List<Violation> asRowViolations(List<Violation> violations) {
        return violations.stream()
                .map(v -> "body".equals(v.field()) ? new Violation(ROW, v.message()) : v)
                .toList();
    }

    /** One JSON object per line, read as strictly as the JSON API reads a customer. */
    final class JsonLines implements ImportFormat {

        private final ObjectReader reader;

        JsonLines(ObjectReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasHeader() {
            return false;
        }

        @Override
        public CustomerRequest read(String line) {
            try {
                CustomerRequest request = reader.readValue(line);
                if (request == null) {
                    throw new InvalidInputException(ROW, "must be a customer object");
                }
                return request;
            } catch (JsonProcessingException e) {
                throw new InvalidInputException(
                        asRowViolations(JsonPaths.invalidInput(e).violations()));
            }
        }
    }

    /**
     * Comma-separated values (RFC 4180 quoting: a field holding a comma or a quote is quoted, a quote inside it
     * doubled), one row per line: a quoted field cannot span lines. The header names the columns in any order
     * ({@code timeZone} and at least one of {@code phone} and {@code email} required, {@code operatorCode} and
     * {@code tags} optional; case, spaces, dashes and underscores in a name do not count); tags are separated by
     * {@code ;}; an empty phone, e-mail address or operator code is none.
     */
    final class Csv implements ImportFormat {

        private static final List<String> COLUMNS = List.of("phone", "operatorCode", "email", "tags", "timeZone");

        private List<String> columns;

        @Override
        public boolean hasHeader() {
            return true;
        }

        @Override
        public void header(String line) {
            List<String> names;
            try {
                names = fields(line);
            } catch (InvalidInputException e) {
                throw new InvalidInputException(
                        "header", "cannot be read: " + e.violations().get(0).message());
            }
            List<String> found = new ArrayList<>();
            for (String name : names) {
                String key = name.strip().replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
                String column = COLUMNS.stream()
                        .filter(c -> c.toLowerCase(Locale.ROOT).equals(key))
                        .findFirst()
                        .orElseThrow(() -> new InvalidInputException(
                                "header",
                                "names an unknown column (the columns are " + String.join(",", COLUMNS) + ")"));
                if (found.contains(column)) {
                    throw new InvalidInputException("header", "names the column " + column + " twice");
                }
                found.add(column);
            }
            if (!found.contains("phone") && !found.contains("email")) {
                throw new InvalidInputException("header", "has neither a phone nor an email column");
            }
            if (!found.contains("timeZone")) {
                throw new InvalidInputException("header", "has no timeZone column");
            }
            columns = List.copyOf(found);
        }

        @Override
        public CustomerRequest read(String line) {
            List<String> fields = fields(line);
            if (fields.size() != columns.size()) {
                throw new InvalidInputException(
                        ROW, "has " + fields.size() + " fields where the header has " + columns.size() + " columns");
            }
            String phone = null;
            String operatorCode = null;
            String email = null;
            List<String> tags = null;
            String timeZone = null;
            for (int i = 0; i < fields.size(); i++) {
                String value = fields.get(i).strip();
                switch (columns.get(i)) {
                    case "phone" -> phone = value.isEmpty() ? null : value;
                    case "operatorCode" -> operatorCode = value.isEmpty() ? null : value;
                    case "email" -> email = value.isEmpty() ? null : value;
                    case "tags" -> tags = tags(value);
                    default -> timeZone = value;
                }
            }
            return new CustomerRequest(phone, operatorCode, email, tags, timeZone);
        }

        private static List<String> tags(String field) {
            List<String> tags = new ArrayList<>();
            int from = 0;
            while (from <= field.length()) {
                int to = field.indexOf(';', from);
                if (to < 0) {
                    to = field.length();
                }
                String tag = field.substring(from, to).strip();
                if (!tag.isEmpty()) {
                    tags.add(tag);
                }
                from = to + 1;
            }
            return tags;
        }

        /** The fields of one line. */
        static List<String> fields(String line) {
            List<String> fields = new ArrayList<>(4);
            StringBuilder field = new StringBuilder();
            int i = 0;
            int length = line.length();
            while (true) {
                field.setLength(0);
                if (i < length && line.charAt(i) == '"') {
                    i++;
                    while (true) {
                        if (i >= length) {
                            throw new InvalidInputException(ROW, "has a quoted field that is not closed on its line");
                        }
                        char c = line.charAt(i++);
                        if (c == '"') {
                            if (i < length && line.charAt(i) == '"') {
                                field.append('"');
                                i++;
                            } else {
                                break;
                            }
                        } else {
                            field.append(c);
                        }
                    }
                    if (i < length && line.charAt(i) != ',') {
                        throw new InvalidInputException(ROW, "has text after a closing quote");
                    }
                } else {
                    int comma = line.indexOf(',', i);
                    int to = comma < 0 ? length : comma;
                    field.append(line, i, to);
                    i = to;
                }
                fields.add(field.toString());
                if (i >= length) {
                    return fields;
                }
                i++; // the comma
            }
        }
    }
}
