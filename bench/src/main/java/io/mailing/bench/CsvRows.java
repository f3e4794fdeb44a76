package io.mailing.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Customers {@code first} … {@code last - 1} as a CSV body with its header, made as it is read. */
final class CsvRows extends InputStream {

    private final int last;
    private final byte[] tag;
    private int next;
    private byte[] line = "phone,operatorCode,tags,timeZone\n".getBytes(StandardCharsets.US_ASCII);
    private int position;

    CsvRows(int first, int last, String tag) {
        this.next = first;
        this.last = last;
        this.tag = tag.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public int read() {
        if (position == line.length && !nextLine()) {
            return -1;
        }
        return line[position++];
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        int copied = 0;
        while (copied < length) {
            if (position == line.length && !nextLine()) {
                return copied == 0 ? -1 : copied;
            }
            int n = Math.min(length - copied, line.length - position);
            System.arraycopy(line, position, buffer, offset + copied, n);
            position += n;
            copied += n;
        }
        return copied;
    }

    private boolean nextLine() {
        if (next >= last) {
            return false;
        }
        line = ("79" + String.format("%09d", next++) + ",900," + new String(tag, StandardCharsets.US_ASCII) + ",UTC\n")
                .getBytes(StandardCharsets.US_ASCII);
        position = 0;
        return true;
    }
}
