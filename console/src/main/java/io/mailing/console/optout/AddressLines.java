package io.mailing.console.optout;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of addresses as an operator gives it, one a line (typed into the import's text box or in a UTF-8 text file):
 * each line's address with the number of the line it is on, counted from 1 as a text editor shows it. Spaces around
 * an address are dropped, blank lines skipped, a byte-order mark ignored; what an address must look like is the
 * API's to check.
 */
final class AddressLines {

    private AddressLines() {}

    /** An address and the line it was on. */
    record Line(int number, String address) {}

    static List<Line> of(String text) {
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<Line> lines = new ArrayList<>();
        int number = 0;
        for (String line : (Iterable<String>) body.lines()::iterator) {
            number++;
            String address = line.strip();
            if (!address.isEmpty()) {
                lines.add(new Line(number, address));
            }
        }
        return lines;
    }
}
