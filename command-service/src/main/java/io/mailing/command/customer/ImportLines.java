package io.mailing.command.customer;

import io.mailing.platform.problem.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request body as its lines, read as bytes so that a line is bounded before anything decodes it: a line longer
 * than the limit is read to its end and dropped (that line is refused, the next one read as usual), so neither a
 * huge line nor a body without line breaks ever sits in memory. Lines end with {@code \n} (a {@code \r} before it is
 * dropped) and must be UTF-8 (a leading byte-order mark is skipped; a line that is not UTF-8 is refused on its own;
 * a body that starts with a UTF-16 byte-order mark is refused as a whole). Lines are numbered from 1, as an editor
 * shows them.
 */
final class ImportLines {

    private static final int CHUNK = 64 * 1024;

    private final InputStream body;
    private final int maxBytes;
    private final byte[] buffer = new byte[CHUNK];
    private final byte[] line;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int position;
    private int end;
    private int number;
    private boolean finished;

    ImportLines(InputStream body, int maxBytes) {
        this.body = body;
        this.maxBytes = maxBytes;
        this.line = new byte[maxBytes];
    }

    /** One line: its number, and its text or why it cannot be read. */
    record Line(int number, String text, String error) {

        boolean blank() {
            return text != null && text.isBlank();
        }
    }

    /** The number of the last line read. */
    int number() {
        return number;
    }

    /** The next line, or {@code null} at the end of the body. */
    Line next() throws IOException {
        if (finished) {
            return null;
        }
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == end) {
                int read = body.read(buffer, 0, CHUNK);
                if (read < 0) {
                    finished = true;
                    if (!any) {
                        return null;
                    }
                    break;
                }
                position = 0;
                end = read;
            }
            any = true;
            int start = position;
            while (position < end && buffer[position] != '\n') {
                position++;
            }
            int count = position - start;
            if (!tooLong && length + count > maxBytes) {
                tooLong = true;
            }
            if (!tooLong) {
                System.arraycopy(buffer, start, line, length, count);
                length += count;
            }
            if (position < end) {
                position++;
                break;
            }
        }
        number++;
        if (tooLong) {
            return new Line(number, null, "is longer than " + maxBytes + " bytes");
        }
        return decode(length);
    }

    private Line decode(int length) {
        int from = 0;
        int to = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        if (number == 1) {
            if (to >= 2 && (line[0] & 0xFF) == 0xFE && (line[1] & 0xFF) == 0xFF
                    || to >= 2 && (line[0] & 0xFF) == 0xFF && (line[1] & 0xFF) == 0xFE) {
                throw new InvalidInputException("body", "must be UTF-8 (it starts with a UTF-16 byte-order mark)");
            }
            if (to >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                from = 3;
            }
        }
        if (ascii(from, to)) {
            return new Line(number, new String(line, from, to - from, StandardCharsets.ISO_8859_1), null);
        }
        try {
            return new Line(
                    number, utf8.decode(ByteBuffer.wrap(line, from, to - from)).toString(), null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "is not UTF-8 text");
        }
    }

    private boolean ascii(int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
