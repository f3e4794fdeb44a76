package io.mailing.console.customer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A CSV file of customers as the import takes it: UTF-8 (a byte-order mark is ignored), fields separated by commas,
 * quoted with {@code "} when they hold a comma, a quote ({@code ""}) or a line break (RFC 4180). The first row names
 * the columns, in any order: {@code timeZone} and at least one of {@code phone} and {@code email} are required,
 * {@code operatorCode} and {@code tags} optional (a blank phone, e-mail address or operator code is none) (case, spaces, dashes and underscores in a name do not count: {@code Time zone} is {@code timeZone}). Tags
 * within their field are separated by {@value #TAG_SEPARATOR}. Blank lines are skipped.
 *
 * <p>A row is numbered by the line it starts on, the header being row 1, as a text editor shows it. The file is
 * read here only as far as its shape goes (a row's fields against the header); what each field must be is the
 * command API's to say, so its rules live in one place.
 */
final class CustomerCsv {

    static final String TAG_SEPARATOR = ";";

    /** The field a row's own error names: the row as a whole, as the API's {@code body}. */
    static final String ROW = "row";

    private static final List<String> COLUMNS = List.of("phone", "operatorCode", "email", "tags", "timeZone");

    private final byte[] file;
    private final List<String> columns;

    private CustomerCsv(byte[] file, List<String> columns) {
        this.file = file;
        this.columns = columns;
    }

    /** The file, once its header names the columns; a {@link Unreadable} saying what is wrong with it else. */
    static CustomerCsv of(byte[] file) {
        Records records = new Records(file);
        List<String> header = records.next();
        while (header != null && blank(header)) {
            header = records.next();
        }
        if (header == null) {
            throw new Unreadable("The file is empty: it needs a header row (" + String.join(",", COLUMNS) + ")");
        }
        if (records.broken != null) {
            throw new Unreadable("The header row cannot be read: " + records.broken);
        }
        List<String> columns = new ArrayList<>();
        for (String name : header) {
            String column = column(name);
            if (columns.contains(column)) {
                throw new Unreadable("The header names the column " + column + " twice");
            }
            columns.add(column);
        }
        if (!columns.contains("phone") && !columns.contains("email")) {
            throw new Unreadable("The header has neither a phone nor an email column (it needs one or both, and"
                    + " timeZone; " + String.join(",", COLUMNS) + " is the full set)");
        }
        if (!columns.contains("timeZone")) {
            throw new Unreadable("The header has no timeZone column (it needs timeZone, and phone or email or both; "
                    + String.join(",", COLUMNS) + " is the full set)");
        }
        return new CustomerCsv(file, List.copyOf(columns));
    }

    /** How many rows follow the header (blank lines not counted). */
    int rows() {
        int[] count = {0};
        each(row -> count[0]++);
        return count[0];
    }

    /** Every row after the header, in order, as a customer for the API or as the reason it could not be read. */
    void each(Consumer<Row> rows) {
        Records records = new Records(file);
        boolean header = true;
        for (List<String> fields = records.next(); fields != null; fields = records.next()) {
            if (blank(fields) && records.broken == null) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            rows.accept(row(records.line, fields, records.broken));
        }
    }

    private Row row(int line, List<String> fields, String broken) {
        if (broken != null) {
            return Row.refused(line, broken);
        }
        if (fields.size() != columns.size()) {
            return Row.refused(
                    line, "has " + fields.size() + " fields where the header has " + columns.size() + " columns");
        }
        Map<String, Object> customer = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            String value = fields.get(i).strip();
            switch (columns.get(i)) {
                case "tags" -> customer.put("tags", tags(value));
                case "phone", "operatorCode", "email" -> {
                    if (!value.isEmpty()) {
                        customer.put(columns.get(i), value);
                    }
                }
                default -> customer.put(columns.get(i), value);
            }
        }
        return new Row(line, customer, null);
    }

    private static List<String> tags(String field) {
        return Arrays.stream(field.split(TAG_SEPARATOR))
                .map(String::strip)
                .filter(tag -> !tag.isEmpty())
                .toList();
    }

    private static String column(String name) {
        String key = name.strip().replaceAll("[\\s_\\-]", "").toLowerCase(Locale.ROOT);
        return COLUMNS.stream()
                .filter(column -> column.toLowerCase(Locale.ROOT).equals(key))
                .findFirst()
                .orElseThrow(() -> new Unreadable("The header names an unknown column \"" + name.strip()
                        + "\" (the columns are " + String.join(",", COLUMNS) + ")"));
    }

    private static boolean blank(List<String> fields) {
        return fields.size() == 1 && fields.get(0).isBlank();
    }

    /**
     * A row of the file: the line it starts on, and either the customer it describes (the body of one import row) or
     * why it cannot be read.
     */
    record Row(int line, Map<String, Object> customer, String error) {

        static Row refused(int line, String error) {
            return new Row(line, null, error);
        }
    }

    /** The file as a whole cannot be imported: the message says why, for the person who chose it. */
    static final class Unreadable extends RuntimeException {

        Unreadable(String message) {
            super(message);
        }
    }

    /** The file's records, one list of fields at a time, with the line each starts on and what broke it, if any. */
    private static final class Records {

        private final PushbackReader in;
        private int nextLine = 1;
        int line;
        String broken;

        Records(byte[] file) {
            Reader reader = new InputStreamReader(
                    new ByteArrayInputStream(file),
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPLACE)
                            .onUnmappableCharacter(CodingErrorAction.REPLACE));
            this.in = new PushbackReader(reader, 1);
            skipByteOrderMark();
        }

        /** The next record, or {@code null} at the end of the file. */
        List<String> next() {
            try {
                return read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private List<String> read() throws IOException {
            line = nextLine;
            broken = null;
            int c = in.read();
            if (c == -1) {
                return null;
            }
            in.unread(c);
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                c = in.read();
                if (quoted) {
                    if (c == -1) {
                        broken = "a quoted field is not closed before the end of the file";
                        fields.add(field.toString());
                        return fields;
                    } else if (c == '"') {
                        int after = in.read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (after != -1) {
                                in.unread(after);
                            }
                        }
                    } else {
                        if (c == '\n') {
                            nextLine++;
                        }
                        field.append((char) c);
                    }
                } else if (c == ',') {
                    fields.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c == -1) {
                    if (c == '\n') {
                        nextLine++;
                    }
                    fields.add(trimCarriageReturn(field));
                    return fields;
                } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    if (wasQuoted && broken == null && c != '\r') {
                        broken = "has text after a closing quote";
                    }
                    field.append((char) c);
                }
            }
        }

        private static String trimCarriageReturn(StringBuilder field) {
            int end = field.length();
            return end > 0 && field.charAt(end - 1) == '\r' ? field.substring(0, end - 1) : field.toString();
        }

        private void skipByteOrderMark() {
            try {
                int first = in.read();
                if (first != -1 && first != '\uFEFF') {
                    in.unread(first);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
