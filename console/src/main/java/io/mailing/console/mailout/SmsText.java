package io.mailing.console.mailout;

/**
 * How a text travels as SMS: in the GSM 7-bit default alphabet (GSM 03.38) when every character is in its basic table
 * or its extension table (an extension character takes two septets: the escape and itself), else in UCS-2 (UTF-16:
 * a character outside the Basic Multilingual Plane, such as an emoji, takes two units). One segment holds 160 septets
 * or 70 UCS-2 units; a longer text is split into segments of 153 or 67, which keep room for the concatenation header,
 * and a character never straddles two of them.
 *
 * @param characters the characters a person counts (Unicode code points)
 * @param units septets (GSM-7) or UTF-16 units (UCS-2) in all
 * @param segments the SMS the text is sent as; 0 for an empty text
 */
public record SmsText(Encoding encoding, int characters, int units, int segments) {

    /** The alphabet a text is sent in. */
    public enum Encoding {
        GSM_7("GSM-7", 160, 153),
        UCS_2("UCS-2", 70, 67);

        private final String label;
        private final int single;
        private final int concatenated;

        Encoding(String label, int single, int concatenated) {
            this.label = label;
            this.single = single;
            this.concatenated = concatenated;
        }

        public String label() {
            return label;
        }
    }

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** The text's encoding, length and segments. */
    public static SmsText of(String text) {
        String value = text == null ? "" : text;
        boolean gsm = value.codePoints().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
        Encoding encoding = gsm ? Encoding.GSM_7 : Encoding.UCS_2;
        int units = 0;
        int segments = 0;
        int free = 0;
        for (int c : value.codePoints().toArray()) {
            int size = gsm ? (EXTENSION.indexOf(c) >= 0 ? 2 : 1) : Character.charCount(c);
            units += size;
            if (size > free) {
                segments++;
                free = encoding.concatenated;
            }
            free -= size;
        }
        return new SmsText(
                encoding,
                value.codePointCount(0, value.length()),
                units,
                units <= encoding.single ? Math.min(units, 1) : segments);
    }

    /** What one segment holds at this length: the whole SMS while it is one, a concatenated part after. */
    public int perSegment() {
        return segments <= 1 ? encoding.single : encoding.concatenated;
    }
}
