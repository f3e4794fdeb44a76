package io.mailing.command.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mailing.platform.problem.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImportLinesTest {

    private static List<ImportLines.Line> read(byte[] body, int maxBytes) throws IOException {
        ImportLines lines = new ImportLines(new ByteArrayInputStream(body), maxBytes);
        List<ImportLines.Line> read = new ArrayList<>();
        for (ImportLines.Line line = lines.next(); line != null; line = lines.next()) {
            read.add(line);
        }
        return read;
    }

    @Test
    void numbersLinesAsAnEditorDoesDroppingCarriageReturnsAndTheByteOrderMark() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        body.writeBytes("first\r\n\nthird ü\nlast".getBytes(StandardCharsets.UTF_8));

        assertThat(read(body.toByteArray(), 100))
                .containsExactly(
                        new ImportLines.Line(1, "first", null),
                        new ImportLines.Line(2, "", null),
                        new ImportLines.Line(3, "third ü", null),
                        new ImportLines.Line(4, "last", null));
    }

    @Test
    void refusesALineTooLongOrNotUtf8AloneAndReadsOn() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("x".repeat(200_000) + "\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {'a', (byte) 0xC3, (byte) 0x28, '\n'});
        body.writeBytes("ok\n".getBytes(StandardCharsets.UTF_8));

        List<ImportLines.Line> lines = read(body.toByteArray(), 16);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).error()).contains("longer than 16 bytes");
        assertThat(lines.get(1).error()).contains("UTF-8");
        assertThat(lines.get(2)).isEqualTo(new ImportLines.Line(3, "ok", null));
    }

    @Test
    void neverHoldsMoreThanOneLineOfABodyWithoutLineBreaks() throws IOException {
        InputStream endlessLine = new InputStream() {
            private long left = 50_000_000;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        ImportLines lines = new ImportLines(endlessLine, 1024);

        assertThat(lines.next().error()).contains("longer than");
        assertThat(lines.next()).isNull();
    }

    @Test
    void refusesAUtf16BodyAsAWhole() {
        byte[] utf16 = "phone,timeZone\n".getBytes(StandardCharsets.UTF_16);

        assertThatThrownBy(() -> read(utf16, 100)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void readsCsvFieldsWithQuotesWithinTheirLine() {
        assertThat(ImportFormat.Csv.fields("a,\"b,c\",\"say \"\"hi\"\"\","))
                .containsExactly("a", "b,c", "say \"hi\"", "");
        assertThatThrownBy(() -> ImportFormat.Csv.fields("\"open,b"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not closed");
        assertThatThrownBy(() -> ImportFormat.Csv.fields("\"a\"b,c"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("after a closing quote");
    }

    @Test
    void readsACsvRowByItsHeaderInAnyOrder() {
        ImportFormat.Csv csv = new ImportFormat.Csv();
        csv.header("Time zone,TAGS,phone,operator_code");

        assertThat(csv.read("UTC, vip ; moscow;,+7 916 123-45-67,"))
                .isEqualTo(new CustomerRequest("+7 916 123-45-67", null, null, List.of("vip", "moscow"), "UTC"));
        assertThatThrownBy(() -> csv.read("UTC,vip"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("2 fields where the header has 4 columns");
        assertThatThrownBy(() -> new ImportFormat.Csv().header("phone,colour"))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ImportFormat.Csv().header("phone,tags"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("timeZone");
    }
}
