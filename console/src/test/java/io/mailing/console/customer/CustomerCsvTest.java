package io.mailing.console.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.console.customer.CustomerCsv.Row;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerCsvTest {

    private static final String HEADER = "phone,operatorCode,tags,timeZone\n";

    @Test
    void readsEachRowAsTheApisCustomer() {
        List<Row> rows =
                rows(HEADER + "79161234567,916,vip;moscow,Europe/Moscow\n+1 212 555 0100,212,,America/New_York");

        assertThat(rows)
                .containsExactly(
                        new Row(
                                2,
                                Map.of(
                                        "phone", "79161234567",
                                        "operatorCode", "916",
                                        "tags", List.of("vip", "moscow"),
                                        "timeZone", "Europe/Moscow"),
                                null),
                        new Row(
                                3,
                                Map.of(
                                        "phone", "+1 212 555 0100",
                                        "operatorCode", "212",
                                        "tags", List.of(),
                                        "timeZone", "America/New_York"),
                                null));
    }

    @Test
    void takesTheColumnsInAnyOrderAndSpelling() {
        List<Row> rows = rows("\uFEFFTime zone,Phone\r\nUTC,79161234567\r\n");

        assertThat(rows).containsExactly(new Row(2, Map.of("timeZone", "UTC", "phone", "79161234567"), null));
    }

    @Test
    void leavesOutABlankOperatorCodeForTheApiToImply() {
        assertThat(rows(HEADER + "79161234567, ,,UTC").get(0).customer())
                .doesNotContainKey("operatorCode")
                .containsEntry("tags", List.of());
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndLineBreaks() {
        List<Row> rows = rows(
                HEADER + "\"79161234567\",916,\"a;\"\"b\"\"\",UTC\n\"7916\n1234568\",916,,UTC\n79161234569,916,,UTC");

        assertThat(rows).extracting(Row::line).containsExactly(2, 3, 5);
        assertThat(rows.get(0).customer()).containsEntry("tags", List.of("a", "\"b\""));
        assertThat(rows.get(1).customer()).containsEntry("phone", "7916\n1234568");
    }

    @Test
    void numbersRowsByTheirLineSkippingBlankOnes() {
        List<Row> rows = rows(HEADER + "\n79161234567,916,,UTC\n\n79161234568,916,,UTC\n");

        assertThat(rows).extracting(Row::line).containsExactly(3, 5);
        assertThat(CustomerCsv.of(bytes(HEADER + "\n79161234567,916,,UTC\n\n")).rows())
                .isEqualTo(1);
    }

    @Test
    void refusesARowOfTheWrongShapeAndReadsOn() {
        List<Row> rows = rows(HEADER + "79161234567,916,UTC\n79161234568,916,,UTC\n\"79161234569\"x,916,,UTC\n\"7916");

        assertThat(rows)
                .containsExactly(
                        Row.refused(2, "has 3 fields where the header has 4 columns"),
                        new Row(
                                3,
                                Map.of(
                                        "phone",
                                        "79161234568",
                                        "operatorCode",
                                        "916",
                                        "tags",
                                        List.of(),
                                        "timeZone",
                                        "UTC"),
                                null),
                        Row.refused(4, "has text after a closing quote"),
                        Row.refused(5, "a quoted field is not closed before the end of the file"));
    }

    @Test
    void refusesAFileWhoseHeaderDoesNotNameTheColumns() {
        assertThatThrownBy(() -> CustomerCsv.of(bytes("")))
                .isInstanceOf(CustomerCsv.Unreadable.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> CustomerCsv.of(bytes("79161234567,916,,UTC\n")))
                .hasMessageContaining("unknown column \"79161234567\"");
        assertThatThrownBy(() -> CustomerCsv.of(bytes("phone,tags\n"))).hasMessageContaining("no timeZone column");
        assertThatThrownBy(() -> CustomerCsv.of(bytes("phone,timeZone,Phone\n")))
                .hasMessageContaining("phone twice");
    }

    private static List<Row> rows(String csv) {
        List<Row> rows = new ArrayList<>();
        CustomerCsv file = CustomerCsv.of(bytes(csv));
        file.each(rows::add);
        assertThat(file.rows()).isEqualTo(rows.size());
        return rows;
    }

    private static byte[] bytes(String csv) {
        return csv.getBytes(StandardCharsets.UTF_8);
    }
}
